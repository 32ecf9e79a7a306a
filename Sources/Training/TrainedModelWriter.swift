import Foundation
import Inference

/// Writes a trained model as a complete sentence-transformers directory: every file of the
/// input model (same layout; a module folder that is a symbolic link is copied as a real
/// folder, so nothing is ever written through it), the encoder's weights replaced by the
/// trained ones under the family's own names in safetensors (the tensors training does not
/// touch, such as the pooler or DistilBERT's fixed position table, carried over unchanged),
/// each Dense module's `linear.weight`/`linear.bias` in its own folder, and a model card
/// README listing the training parameters in the format of the seed's card.
public enum TrainedModelWriter {
    public static func write(_ loop: TrainingLoop, to output: URL, pairsFile: String) throws {
        let model = loop.model.sentenceModel
        let input = model.directory.standardizedFileURL
        let manager = FileManager.default
        let weightsPath = model.weightsFile.standardizedFileURL.path
        let relativeWeights = String(weightsPath.dropFirst(input.path.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        do {
            try manager.createDirectory(at: output, withIntermediateDirectories: true)
            for item in try manager.contentsOfDirectory(atPath: input.path) where item != "README.md" && !item.hasPrefix(".") {
                let target = output.appendingPathComponent(item)
                try? manager.removeItem(at: target)
                try manager.copyItem(at: input.appendingPathComponent(item).resolvingSymlinksInPath(), to: target)
            }
        } catch {
            throw TrainingError.writeFailed(path: output.path, reason: error.localizedDescription)
        }
        let parameters = loop.model.parameters
        let encoder = parameters.encoder
        try writeWeights(encoder.all, over: model.weightsFile, prefixes: EncoderWeightNames(encoder.configuration.architecture).prefixes,
                         to: output.appendingPathComponent(relativeWeights))
        for dense in parameters.dense {
            // The module's file holds `linear.weight` and `linear.bias`; the parameters carry the folder in their names.
            let renamed = dense.parameters.map { ($0, String($0.name.dropFirst(dense.folder.count + 1))) }
            try writeWeights(renamed, over: input.appendingPathComponent(dense.folder).appendingPathComponent("model.safetensors"),
                             prefixes: [""], to: output.appendingPathComponent(dense.folder).appendingPathComponent("model.safetensors"))
        }
        try writeAtomically(Data(modelCard(loop, baseName: model.name, pairsFile: pairsFile).utf8),
                            to: output.appendingPathComponent("README.md"))
    }

    /// `trained` under their own names, then `original`'s other tensors as they were (a tensor
    /// stored under a prefix, `roberta.…`, counts as the trained one of its plain name).
    private static func writeWeights(_ trained: [Parameter], over original: URL, prefixes: [String], to url: URL) throws {
        try writeWeights(trained.map { ($0, $0.name) }, over: original, prefixes: prefixes, to: url)
    }

    private static func writeWeights(_ trained: [(Parameter, String)], over original: URL, prefixes: [String], to url: URL) throws {
        let trainedNames = Set(trained.map { $0.1 })
        var entries = trained.map { entry in
            SafeTensorsWriter.Entry(name: entry.1, shape: entry.0.shape,
                                    floats: UnsafeBufferPointer(start: entry.0.values, count: entry.0.count))
        }
        for entry in try SafeTensorsWriter.rawEntries(of: original)
        where !prefixes.contains(where: { entry.name.hasPrefix($0) && trainedNames.contains(String(entry.name.dropFirst($0.count))) }) {
            entries.append(entry)
        }
        try writeAtomically(SafeTensorsWriter.encode(entries), to: url)
    }

    static func writeAtomically(_ data: Data, to url: URL) throws {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw TrainingError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }

    /// The card: what was trained from what, and fit()'s parameters as the seed's card lists them.
    static func modelCard(_ loop: TrainingLoop, baseName: String, pairsFile: String) -> String {
        let o = loop.options
        let similarity = o.loss.similarity == .cosine ? "cos_sim" : "dot_score"
        let lossName = o.loss.symmetric ? "MultipleNegativesSymmetricRankingLoss" : "MultipleNegativesRankingLoss"
        let sampler = o.shuffles ? "torch.utils.data.sampler.RandomSampler" : "torch.utils.data.sampler.SequentialSampler"
        return """
        ---
        library_name: sentence-transformers
        pipeline_tag: sentence-similarity
        tags:
        - sentence-transformers
        - feature-extraction
        - sentence-similarity
        base_model: \(baseName)
        ---

        # \(baseName) fine-tuned by semblance train

        Fine-tuned from `\(baseName)` on \(loop.pairs.count) pairs from `\(pairsFile)` with `semblance train`
        (MultipleNegativesRankingLoss, AdamW, WarmupLinear: sentence-transformers' fit() recipe, computed natively).
        Load it as any sentence-transformers model: `SentenceTransformer("<this directory>")`.

        ## Training
        The model was trained with the parameters:

        **DataLoader**:

        `torch.utils.data.dataloader.DataLoader` of length \(loop.stepsPerEpoch) with parameters:
        ```
        {'batch_size': \(o.batchSize), 'sampler': '\(sampler)', 'batch_sampler': 'torch.utils.data.sampler.BatchSampler'}
        ```

        **Loss**:

        `sentence_transformers.losses.\(lossName).\(lossName)` with parameters:
          ```
          {'scale': \(o.loss.scale), 'similarity_fct': '\(similarity)'}
          ```

        Parameters of the fit()-Method:
        ```
        {
            "epochs": \(o.epochs),
            "evaluation_steps": 0,
            "max_grad_norm": \(o.maxGradNorm),
            "optimizer_class": "<class 'torch.optim.adamw.AdamW'>",
            "optimizer_params": {
                "lr": \(o.learningRate)
            },
            "scheduler": "WarmupLinear",
            "steps_per_epoch": null,
            "warmup_steps": \(o.warmupSteps),
            "weight_decay": \(o.weightDecay)
        }
        ```

        Seed \(o.seed), dropout \(o.dropout ? "on" : "off"), \(loop.step) optimizer steps.

        """
    }
}
