import Foundation

/// Writes a trained model as a complete sentence-transformers directory: every file of the
/// input model (same layout), the weights replaced by the trained ones in safetensors (the
/// tensors training does not touch, such as the pooler, carried over unchanged), and a
/// model card README listing the training parameters in the format of the seed's card.
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
                try manager.copyItem(at: input.appendingPathComponent(item), to: target)
            }
        } catch {
            throw TrainingError.writeFailed(path: output.path, reason: error.localizedDescription)
        }
        // Trained tensors under their plain names; the input's others as they were.
        let trained = loop.model.parameters.all
        let trainedNames = Set(trained.map(\.name))
        var entries = trained.map { parameter in
            SafeTensorsWriter.Entry(name: parameter.name, shape: parameter.shape,
                                    floats: UnsafeBufferPointer(start: parameter.values, count: parameter.count))
        }
        let prefixes = ["", "bert.", "model."]
        for entry in try SafeTensorsWriter.rawEntries(of: model.weightsFile)
        where !prefixes.contains(where: { entry.name.hasPrefix($0) && trainedNames.contains(String(entry.name.dropFirst($0.count))) }) {
            entries.append(entry)
        }
        let weightsURL = output.appendingPathComponent(relativeWeights)
        try writeAtomically(SafeTensorsWriter.encode(entries), to: weightsURL)
        try writeAtomically(Data(modelCard(loop, baseName: model.name, pairsFile: pairsFile).utf8),
                            to: output.appendingPathComponent("README.md"))
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
