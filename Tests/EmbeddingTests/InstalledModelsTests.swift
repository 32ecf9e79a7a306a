import Embedding
import Foundation
import Testing
import TestSupport

/// `--model NAME`: bare names are looked up in the models directory; paths are paths.
@Suite("Installed models by name")
struct InstalledModelsTests {
    /// A data home with models `a-model` (config.json), `b-model` (modules.json), a
    /// half-installed `c-model.partial.42` and a stray folder without a model.
    private func dataHome() throws -> TemporaryDirectory {
        let home = try TemporaryDirectory()
        for (folder, file) in [("a-model", "config.json"), ("b-model", "modules.json"), ("c-model.partial.42", "config.json")] {
            let directory = home.file("semblance/models/\(folder)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: directory.appendingPathComponent(file))
        }
        try FileManager.default.createDirectory(at: home.file("semblance/models/stray"), withIntermediateDirectories: true)
        return home
    }

    @Test("a bare name finds the installed model; the list holds only complete models")
    func bareName() throws {
        let home = try dataHome()
        let models = InstalledModels(environment: ["XDG_DATA_HOME": home.url.path])
        #expect(models.names() == ["a-model", "b-model"])
        #expect(try models.directory(for: "b-model").path == home.file("semblance/models/b-model").path)
        #expect(models.defaultModel.path == home.file("semblance/models/all-MiniLM-L6-v2").path)
    }

    @Test("an unknown name is one error that lists the installed models")
    func unknownName() throws {
        let home = try dataHome()
        let models = InstalledModels(environment: ["XDG_DATA_HOME": home.url.path])
        let error = #expect(throws: EmbeddingError.self) { try models.directory(for: "all-mpnet-base-v2") }
        #expect(error?.description == "no model \"all-mpnet-base-v2\" in \(home.file("semblance/models").path) "
            + "(installed: a-model, b-model); give a model directory's path, or a name from that list")
    }

    @Test("a path is taken as written, found or not")
    func paths() throws {
        let home = try dataHome()
        let models = InstalledModels(environment: ["XDG_DATA_HOME": home.url.path])
        #expect(try models.directory(for: "/nowhere/a-model").path == "/nowhere/a-model")
        #expect(try models.directory(for: "./a-model").lastPathComponent == "a-model")
        #expect(try models.directory(for: Fixtures.tinyModel.path).path == Fixtures.tinyModel.path)
    }

    @Test("--model, else $SEMBLANCE_MODEL, else the default")
    func resolution() throws {
        let home = try dataHome()
        let models = InstalledModels(environment: ["XDG_DATA_HOME": home.url.path])
        let installed = home.file("semblance/models/a-model").path
        #expect(try models.resolve(argument: "a-model", environment: ["SEMBLANCE_MODEL": "b-model"]).path == installed)
        #expect(try models.resolve(argument: nil, environment: ["SEMBLANCE_MODEL": "a-model"]).path == installed)
        #expect(try models.resolve(argument: nil, environment: ["SEMBLANCE_MODEL": "/some/dir"]).path == "/some/dir")
        #expect(try models.resolve(argument: nil, environment: ["SEMBLANCE_MODEL": ""]) == models.defaultModel)
        #expect(throws: EmbeddingError.self) { try models.resolve(argument: nil, environment: ["SEMBLANCE_MODEL": "missing"]) }
    }
}
