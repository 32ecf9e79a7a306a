import Foundation
import TestSupport
import Glibc

/// Runs a program the way a login shell would: no signals blocked or ignored, stdin from
/// /dev/null, stdout and stderr into a file.
///
/// Test runners call from worker threads that block most signals, and `Process` hands that
/// mask on: a terminal program started that way never sees SIGWINCH or SIGTERM, and a tmux
/// server started that way cannot be stopped. Output goes to a file rather than a pipe so a
/// daemon that keeps the descriptor open cannot make the test wait forever.
enum CleanSignalSpawn {
    struct Result {
        var status: Int32
        var output: String
    }

    enum SpawnError: Error, CustomStringConvertible {
        case spawn(path: String, code: Int32)
        var description: String {
            switch self {
            case let .spawn(path, code): "posix_spawn \(path) failed: \(String(cString: strerror(code)))"
            }
        }
    }

    /// A program started by `start`: its id and the read end of the pipe its stdout and
    /// stderr go to.
    struct Running {
        let pid: pid_t
        let output: FileHandle

        /// Reads the output until `needle` appears (true) or the program closes it (false).
        func read(until needle: String, into text: inout String) -> Bool {
            while !text.contains(needle) {
                let chunk = output.availableData
                if chunk.isEmpty { return false }
                text += String(decoding: chunk, as: UTF8.self)
            }
            return true
        }

        /// Reads the rest of the output, then waits for the exit status (128 + signal if a signal ended it).
        func finish(into text: inout String) -> Int32 {
            while case let chunk = output.availableData, !chunk.isEmpty { text += String(decoding: chunk, as: UTF8.self) }
            try? output.close()
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        }
    }

    /// Starts a program as `run` does, its stdout and stderr into a pipe of one page (4 KiB),
    /// so that a program that writes progress cannot run far ahead of a reader that stops reading.
    static func start(_ path: String, _ arguments: [String]) throws -> Running {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw SpawnError.spawn(path: path, code: errno) }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        // F_SETPIPE_SZ (1031; a macro Swift cannot see): the smallest buffer the kernel allows.
        _ = fcntl(writeEnd, 1031, 4096)
        let pid: pid_t
        do {
            pid = try spawn(path, arguments) { actions in
                posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
                posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
                posix_spawn_file_actions_addclose(&actions, readEnd)
                posix_spawn_file_actions_addclose(&actions, writeEnd)
            }
        } catch {
            close(readEnd)
            close(writeEnd)
            throw error
        }
        close(writeEnd)
        return Running(pid: pid, output: FileHandle(fileDescriptor: readEnd, closeOnDealloc: true))
    }

    static func run(_ path: String, _ arguments: [String]) throws -> Result {
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("semblance-spawn-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: output) }
        let pid = try spawn(path, arguments) { actions in
            posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS by hand: Swift cannot see the macros.
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return Result(status: exitStatus, output: text)
    }

    /// posix_spawn with no signal blocked or ignored, stdin from /dev/null and the sandboxed
    /// environment; `redirect` says where stdout and stderr go.
    private static func spawn(
        _ path: String, _ arguments: [String], redirect: (inout posix_spawn_file_actions_t) -> Void
    ) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        redirect(&actions)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = CommandRunner.sandboxedEnvironment().map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let code = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard code == 0 else { throw SpawnError.spawn(path: path, code: code) }
        return pid
    }
}
