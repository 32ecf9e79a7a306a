import Foundation
import Testing
import TestSupport

/// Hostile inputs and outputs of the commands: closed or directory stdin, outputs that are not
/// regular files, texts that must round-trip byte for byte, terminal escapes, huge numbers.
struct InputOutputTrustTests {
    private let model = Fixtures.tinyModel.path

    /// Runs `semblance ARGS` through sh with a shell redirection of stdin (`<&-`, `< /tmp`).
    private func semblance(_ arguments: [String], stdinRedirection: String) throws -> CommandResult {
        let binary = try CommandRunner.semblanceBinary().path
        return try CommandRunner.run(URL(fileURLWithPath: "/bin/sh"),
                                     ["-c", "exec \"$@\" \(stdinRedirection)", "sh", binary] + arguments)
    }

    private func expectOneLineError(_ result: CommandResult, _ needle: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status > 0 && result.status < 126, "status \(result.status)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(needle),
                "\(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func closedOrDirectoryStdinIsAClearError() throws {
        expectOneLineError(try semblance(["encode", "--model", model], stdinRedirection: "<&-"), "standard input is closed")
        expectOneLineError(try semblance(["tokenize", "--model", model], stdinRedirection: "< /tmp"), "standard input is a directory")
    }

    /// A closed stdout was silently replaced by /dev/null: results thrown away, status 0.
    @Test func closedStdoutIsAClearErrorNotLostResults() throws {
        for command in [["encode", "hello"], ["similarity", "a", "b"]] {
            expectOneLineError(try semblance(command + ["--model", model], stdinRedirection: ">&-"), "standard output is closed")
        }
        // stderr closed: the run goes on, its results on stdout.
        let quiet = try semblance(["encode", "hello", "--model", model], stdinRedirection: "2>&-")
        #expect(quiet.status == 0 && quiet.stdout.hasPrefix("{\"text\":\"hello\""))
    }

    /// `--output /dev/stdout` (and `/dev/stderr`, `/dev/fd/N`): a link whose target is
    /// `pipe:[…]` was followed as a path and failed; it is written through the descriptor.
    @Test func outputToDescriptorLinksIsWrittenThroughThem() throws {
        let toStdout = try CommandRunner.semblance(["encode", "hello", "--model", model, "--output", "/dev/stdout"])
        #expect(toStdout.status == 0, "\(toStdout.stderr)")
        #expect(toStdout.stdout.hasPrefix("{\"text\":\"hello\""))
        let toStderr = try CommandRunner.semblance(["encode", "hello", "--model", model, "--output", "/dev/stderr"])
        #expect(toStderr.status == 0 && toStderr.stderr.hasPrefix("{\"text\":\"hello\""), "\(toStderr.stderr)")
        // stdout a file opened for appending: appended to, not renamed over.
        let directory = try TemporaryDirectory()
        let file = try directory.write("out.jsonl", "old\n")
        let appended = try semblance(["encode", "hello", "--model", model, "--output", "/dev/stdout"],
                                     stdinRedirection: ">> '\(file.path)'")
        #expect(appended.status == 0, "\(appended.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8).hasPrefix("old\n{\"text\":\"hello\""))
    }

    /// `index a.fifo a.fifo` read the stream once and indexed that copy twice.
    @Test func aStreamNamedTwiceIsRefused() throws {
        let directory = try TemporaryDirectory()
        let fifo = directory.file("a.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let cache = directory.file("c.sqlite").path
        // Refused before any read: no writer is needed (a regression blocks, until timeout kills it).
        let binary = try CommandRunner.semblanceBinary().path
        let result = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/timeout"),
                                           ["-s", "KILL", "60", binary, "index", "--corpus", "c", fifo, fifo, "--model", model, "--cache", cache])
        expectOneLineError(result, "named more than once")
    }

    @Test func hugeNumbersAreUsageErrorsNotTraps() throws {
        let huge = "1152921504606846976"
        for arguments in [
            ["encode", "x", "--batch-size", huge], ["eval", "sts", "x.csv", "--batch-size", huge],
            ["eval", "sts", "x.csv", "--batch-size", "0"], ["search", "--corpus", "c", "q", "-k", huge],
            ["index", "--corpus", "c", "x.txt", "--batch-size", huge],
            ["bench", "encode", "--threads", huge], ["bench", "explore", "--interval", huge],
            ["bench", "explore", "--size", "99999999999x99999999999"], ["bench", "search", "--rows", "100000000", "--dimension", "65536"],
            ["bench", "search", "--approx", "--first-pass-share", "2"], ["bench", "search", "--approx", "--first-pass-share", "nan"],
            ["bench", "search", "--approx", "--two-stage-rows", "0"],
        ] {
            expectOneLineError(try CommandRunner.semblance(arguments + ["--model", model]), "must")
        }
    }

    @Test func outputThroughASymlinkKeepsTheLink() throws {
        let directory = try TemporaryDirectory()
        let target = try directory.write("target.jsonl", "old\n")
        let link = directory.file("link.jsonl")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "target.jsonl")
        let result = try CommandRunner.semblance(["encode", "hello", "--model", model, "--output", link.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "target.jsonl")
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("{\"text\":\"hello\""))
    }

    @Test func outputToAFIFOIsStreamedAndTheFIFOStays() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("pipe").path
        #expect(mkfifo(path, 0o600) == 0)
        let reader = FIFOReader(path: path)
        let result = try CommandRunner.semblance(["encode", "hello", "--model", model, "--output", path])
        let received = try #require(reader.received(), "nothing was written into the FIFO: \(result.stderr)")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(String(decoding: received, as: UTF8.self).hasPrefix("{\"text\":\"hello\""))
        var status = stat()
        lstat(path, &status)
        #expect(status.st_mode & S_IFMT == S_IFIFO)
    }

    /// A character device is written, not replaced. As root, a private copy of /dev/null
    /// (same device numbers) stands in for it, so that a broken binary cannot replace the
    /// system's own; otherwise /dev/null itself, which only root could replace.
    @Test func outputToACharacterDeviceLeavesTheDevice() throws {
        let directory = try TemporaryDirectory()
        var device = "/dev/null"
        if geteuid() == 0 {
            device = directory.file("null").path
            try #require(mknod(device, S_IFCHR | 0o666, 1 << 8 | 3) == 0)  // makedev(1, 3)
        }
        let result = try CommandRunner.semblance(["encode", "hello", "--model", model, "--output", device])
        #expect(result.status == 0, "\(result.stderr)")
        var status = stat()
        lstat(device, &status)
        #expect(status.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func aFIFOIsReadAsInput() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("texts").path
        #expect(mkfifo(path, 0o600) == 0)
        Thread {
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            handle.write(Data("from a fifo\n".utf8))
            try? handle.close()
        }.start()
        let result = try CommandRunner.semblance(["encode", "--model", model, "--input", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("{\"text\":\"from a fifo\""))
    }

    /// Compares the `text` field's JSON as printed (a JSON decoder could itself drop a U+FEFF).
    @Test func nulAndByteOrderMarksRoundTripThroughEncodeAndTokenize() throws {
        let bom = "\u{FEFF}"
        // Line 1 starts with the file's BOM (dropped); the others hold NUL and BOMs inside.
        let jsonl = "\(bom)\"first\"\n\"a\\u0000b\"\n\"\(bom)raw BOM inside\"\n{\"text\": \"\\ufeffescaped\"}\n"
        let lines = "\(bom)first\na\0b\n\(bom)second BOM is text\n"
        let expectedJSONL = ["\"first\"", "\"a\\u0000b\"", "\"\(bom)raw BOM inside\"", "\"\(bom)escaped\""]
        let expectedLines = ["\"first\"", "\"a\\u0000b\"", "\"\(bom)second BOM is text\""]
        for command in ["encode", "tokenize"] {
            for (input, format, expected) in [(jsonl, "jsonl", expectedJSONL), (lines, "lines", expectedLines)] {
                let result = try CommandRunner.semblance([command, "--model", model, "--input-format", format], stdin: Data(input.utf8))
                #expect(result.status == 0, "\(result.stderr)")
                let texts = result.stdout.split(separator: "\n").map { line -> String in
                    guard let start = line.range(of: "{\"text\":"), let end = line.range(of: ",\"", range: start.upperBound..<line.endIndex)
                    else { return "" }
                    return String(line[start.upperBound..<end.lowerBound])
                }
                #expect(texts == expected, "\(command) \(format)")
            }
        }
    }

    @Test func escapesInTextsAreShownNotObeyed() throws {
        let hostile = "red \u{1B}[31malert\u{1B}[0m \u{9B}2J \u{202E}gnp.exe"
        let similarity = try CommandRunner.semblance(["similarity", "--model", model, "--no-color", hostile, "plain"])
        #expect(similarity.status == 0, "\(similarity.stderr)")
        #expect(!similarity.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{9B}" || $0 == "\u{202E}" })
        #expect(similarity.stdout.contains("␛[31malert"))

        let explain = try CommandRunner.semblance(["explain", "--model", model, "--no-color", "ab\u{1B}cd a\u{1B}]0;title\u{07}b", "c\u{9B}d"])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(!explain.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) })

        let sandbox = try CacheSandbox()
        let file = try sandbox.directory.write("hostile.jsonl", "{\"text\": \"\(hostile.unicodeScalars.map { $0.value < 0x20 || $0.value > 0x7E ? String(format: "\\u%04x", $0.value) : String($0) }.joined())\", \"id\": \"\\u001b[2Jid\"}\n")
        let indexed = try sandbox.index("hostile", [file], extra: ["--id-field", "id"])
        try #require(indexed.status == 0, "\(indexed.stderr)")
        let search = try sandbox.run(["search", "--corpus", "hostile", "--model", sandbox.model, "alert"])
        #expect(search.status == 0, "\(search.stderr)")
        #expect(!search.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{9B}" || $0 == "\u{202E}" }, "\(search.stdout)")
        #expect(search.stdout.contains("␛[2Jid") && search.stdout.contains("␛[31malert"), "\(search.stdout)")
        // JSON output stays exact.
        let json = try sandbox.run(["search", "--corpus", "hostile", "--model", sandbox.model, "--format", "jsonl", "alert"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["text"] as? String == hostile)

        // Error messages quoting a file name show its controls too.
        let missing = try CommandRunner.semblance(["encode", "--model", model, "--input", "/nonexistent/\u{1B}[2Jx\ny.txt"])
        expectOneLineError(missing, "/nonexistent/␛[2Jx␊y.txt")
    }

    @Test func stsEdgeCasesAreErrorsThatSayWhy() throws {
        let directory = try TemporaryDirectory()
        let cases: [(String, String)] = [
            ("a,b,1\n", "1 pair: a correlation needs at least 2"),
            ("a,b,2\nc,d,2\ne,f,2\n", "every gold score is the same"),
            ("a,b,1\nc,d,nan\n", "one.csv:2: score \"nan\" is not a finite number"),
            ("a,b,1\nc,d,inf\n", "one.csv:2: score \"inf\" is not a finite number"),
            ("a,b,1\nc,d,1e999\n", "one.csv:2: score \"1e999\" is not a finite number"),
            ("a,b,1\nsentence1,sentence2,score\n", "one.csv:2: score \"score\" is not a number"),
        ]
        for (content, needle) in cases {
            let file = try directory.write("one.csv", content)
            expectOneLineError(try CommandRunner.semblance(["eval", "sts", file.path, "--model", model, "--quiet"]), needle)
        }
        let withHeader = try directory.write("header.csv", "sentence1,sentence2,score\na,b,1\nc,d,3\ne,f,2\n")
        let result = try CommandRunner.semblance(["eval", "sts", withHeader.path, "--model", model, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Spearman × 100: "))
    }
}
