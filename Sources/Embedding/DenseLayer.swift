import Foundation
import Inference

/// sentence-transformers' Dense module: `activation(W·x + b)` on the sentence vector,
/// plus the input (or its projection) when `use_residual` is set.
public struct DenseLayer: Sendable {
    public let inFeatures: Int
    public let outFeatures: Int
    public let activation: DenseActivation
    /// `[out × in]`, row-major (torch's `linear.weight`).
    public let weight: [Float]
    /// `[out]`, nil when `bias` is false.
    public let bias: [Float]?
    /// `use_residual`: nil without; an empty array adds x itself (in == out); else `[out × in]`.
    public let residual: [Float]?
    /// The config file, for error messages (and training, which writes the module's trained weights beside it).
    public let configPath: String

    /// Whether the module is affine (token contributions pass through it exactly).
    public var isAffine: Bool { activation.isLinear }

    /// e.g. "Dense 768→512 Tanh".
    public var summary: String {
        "Dense \(inFeatures)→\(outFeatures) \(activation.rawValue)\(bias == nil ? " no-bias" : "")\(residual == nil ? "" : " residual")"
    }

    /// Reads `folder/config.json` and `folder/model.safetensors`; `record` gets each file's bytes.
    static func load(_ folder: URL, record: (URL, [UInt8]) -> Void) throws -> DenseLayer {
        let configURL = folder.appendingPathComponent("config.json")
        let config = try ConfigFile.read(configURL, record: record).object()
        let inFeatures = try config.optionalInt("in_features")
        let outFeatures = try config.optionalInt("out_features")
        guard let inFeatures else { throw config.missing("in_features") }
        guard let outFeatures else { throw config.missing("out_features") }
        for (key, value) in [("in_features", inFeatures), ("out_features", outFeatures)] where value <= 0 {
            throw EmbeddingError.invalidField(path: configURL.path, field: key, reason: "must be a positive integer (found \(value))")
        }
        // Dense(bias=True, activation_function=nn.Tanh(), use_residual=False).
        let hasBias = try config.optionalBool("bias") ?? true
        let usesResidual = try config.optionalBool("use_residual") ?? false
        var activation = DenseActivation.tanh
        if let path = try config.optionalString("activation_function") {
            guard let named = DenseActivation(classPath: path) else {
                throw EmbeddingError.invalidField(
                    path: configURL.path, field: "activation_function",
                    reason: "names \"\(path)\", not a supported torch activation (supported: \(DenseActivation.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            activation = named
        }
        for key in ["module_input_name", "module_output_name"] {
            if let name = try config.optionalString(key), name != "sentence_embedding" {
                throw EmbeddingError.invalidField(path: configURL.path, field: key,
                                                  reason: "is \"\(name)\"; Semblance runs Dense on the sentence embedding only")
            }
        }

        let weightsURL = folder.appendingPathComponent("model.safetensors")
        guard ConfigFile.exists(weightsURL) else {
            let pickled = folder.appendingPathComponent("pytorch_model.bin")
            if ConfigFile.exists(pickled) {
                throw EmbeddingError.pickledWeights(path: pickled.path)
            }
            throw EmbeddingError.missingFile(path: weightsURL.path)
        }
        // The Dense weights are small (out × in floats): hashed whole, like the configs.
        if let bytes = try? Data(contentsOf: weightsURL) { record(weightsURL, [UInt8](bytes)) }
        // Named by its path: the Transformer's weights are a model.safetensors too.
        let file = try SafeTensorsFile(url: weightsURL, fileName: weightsURL.path)
        func tensor(_ name: String, shape: [Int]) throws -> [Float] {
            let loaded = try file.floatTensor(named: name)
            guard loaded.shape == shape else {
                throw EmbeddingError.invalidField(
                    path: weightsURL.path, field: name,
                    reason: "has shape \(loaded.shape), but \(configURL.lastPathComponent) says \(shape) (in_features \(inFeatures), out_features \(outFeatures))")
            }
            let values = loaded.values
            guard values.allSatisfy(\.isFinite) else {
                throw EmbeddingError.invalidField(path: weightsURL.path, field: name, reason: "holds NaN or infinite values")
            }
            return values
        }
        let weight = try tensor("linear.weight", shape: [outFeatures, inFeatures])
        let bias = hasBias ? try tensor("linear.bias", shape: [outFeatures]) : nil
        var residual: [Float]?
        if usesResidual {
            residual = inFeatures == outFeatures ? [] : try tensor("residual.weight", shape: [outFeatures, inFeatures])
        }
        return DenseLayer(inFeatures: inFeatures, outFeatures: outFeatures, activation: activation,
                          weight: weight, bias: bias, residual: residual, configPath: configURL.path)
    }

    /// The module on one sentence vector `[in]` → `[out]`.
    public func apply(_ x: [Float]) -> [Float] {
        var y = linearPart(x.map(Double.init))
        if let bias { for o in 0..<outFeatures { y[o] += Double(bias[o]) } }
        var out = y.map { activation.apply(Float($0)) }
        if let residual {
            let added = residual.isEmpty ? x : Self.product(residual, rows: outFeatures, x.map(Double.init)).map { Float($0) }
            for o in 0..<outFeatures { out[o] += added[o] }
        }
        return out
    }

    /// W·x, accumulated in Double (also used on token contributions, which carry no bias).
    func linearPart(_ x: [Double]) -> [Double] {
        Self.product(weight, rows: outFeatures, x)
    }

    /// The affine module (Identity activation) on a token's part: W·x + share·b (+ residual),
    /// so that parts whose shares sum to 1 map to parts of the output exactly.
    func affinePart(_ x: [Double], share: Double) -> [Double] {
        var y = linearPart(x)
        if let bias { for o in 0..<outFeatures { y[o] += share * Double(bias[o]) } }
        if let residual {
            let added = residual.isEmpty ? x : Self.product(residual, rows: outFeatures, x)
            for o in 0..<outFeatures { y[o] += added[o] }
        }
        return y
    }

    private static func product(_ matrix: [Float], rows: Int, _ x: [Double]) -> [Double] {
        let columns = x.count
        return (0..<rows).map { o in
            var sum = 0.0
            let base = o * columns
            for i in 0..<columns { sum += Double(matrix[base + i]) * x[i] }
            return sum
        }
    }
}

extension DenseLayer {
    /// Wᵀ·g (+ g or Rᵀ·g with a residual): carries a vector on the output back to the input,
    /// so that x·(Wᵀg) = (W·x)·g.
    func transposedPart(_ g: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: inFeatures)
        func addTransposed(_ matrix: [Float]) {
            for o in 0..<outFeatures {
                let factor = g[o]
                guard factor != 0 else { continue }
                let base = o * inFeatures
                for i in 0..<inFeatures { result[i] += Double(matrix[base + i]) * factor }
            }
        }
        addTransposed(weight)
        if let residual {
            if residual.isEmpty { for i in 0..<inFeatures { result[i] += g[i] } } else { addTransposed(residual) }
        }
        return result
    }
}
