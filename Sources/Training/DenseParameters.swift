import Embedding
import Foundation

/// A Dense module's trainable weights: y = activation(W·x + b) on the sentence vector.
/// Named `<folder>.linear.weight` / `.bias` (unique per module; fit() names them
/// `<index>.linear.weight`, and its weight-decay groups look only at the `bias` suffix).
public struct DenseParameters: @unchecked Sendable {
    /// The module's folder inside the model directory (`2_Dense`): where its weights are written.
    public let folder: String
    public let activation: DenseActivation
    public let weight: Parameter  // [out × in]
    public let bias: Parameter?  // [out]
    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    /// - Throws: `unsupportedModule` for a Dense with `use_residual` (no backward pass for it).
    init(_ layer: DenseLayer, modelDirectory: URL, modelName: String) throws {
        guard layer.residual == nil else {
            throw TrainingError.unsupportedModule(model: modelName, module: layer.summary)
        }
        let moduleFolder = URL(fileURLWithPath: layer.configPath).deletingLastPathComponent().standardizedFileURL.path
        let root = modelDirectory.standardizedFileURL.path
        let folder = moduleFolder.hasPrefix(root + "/")
            ? String(moduleFolder.dropFirst(root.count + 1)) : (moduleFolder as NSString).lastPathComponent
        self.init(folder: folder, activation: layer.activation, weight: layer.weight, bias: layer.bias,
                  inFeatures: layer.inFeatures, outFeatures: layer.outFeatures)
    }

    /// A module of these weights (`weight` [out × in] row-major).
    init(folder: String, activation: DenseActivation, weight: [Float], bias: [Float]?, inFeatures: Int, outFeatures: Int) {
        self.folder = folder
        self.activation = activation
        self.weight = Parameter(name: folder + ".linear.weight", shape: [outFeatures, inFeatures], values: weight)
        self.bias = bias.map { Parameter(name: folder + ".linear.bias", shape: [outFeatures], values: $0) }
    }

    var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// z = W·x + b (sums in Double), the activation's input.
    func preActivation(_ x: [Float]) -> [Float] {
        let inputs = inFeatures
        return (0..<outFeatures).map { o in
            var sum = 0.0
            let row = weight.values + o * inputs
            for i in 0..<inputs { sum += Double(row[i]) * Double(x[i]) }
            return Float(sum + Double(bias?.values[o] ?? 0))
        }
    }

    /// Given dL/dy, accumulates dL/dW and dL/db and returns dL/dx.
    func backward(_ outputGradient: [Float], input x: [Float], preActivation z: [Float]) -> [Float] {
        let inputs = inFeatures
        var inputGradient = [Double](repeating: 0, count: inputs)
        for o in 0..<outFeatures {
            let dz = outputGradient[o] * activation.derivative(z[o])
            bias?.gradient[o] += dz
            guard dz != 0 else { continue }
            let row = weight.values + o * inputs, gradientRow = weight.gradient + o * inputs
            for i in 0..<inputs {
                gradientRow[i] += dz * x[i]
                inputGradient[i] += Double(row[i]) * Double(dz)
            }
        }
        return inputGradient.map { Float($0) }
    }
}

extension DenseActivation {
    /// d activation / dx at x, as torch's backward computes it (at kinks, torch's choice).
    func derivative(_ x: Float) -> Float {
        switch self {
        case .identity: return 1
        case .tanh:
            let y = Foundation.tanh(x)
            return 1 - y * y
        case .relu: return x > 0 ? 1 : 0
        case .sigmoid:
            let s = 1 / (1 + Foundation.exp(-x))
            return s * (1 - s)
        case .gelu:
            let v = Double(x)
            return Float(0.5 * (1 + Foundation.erf(v / 2.0.squareRoot())) + v * Foundation.exp(-0.5 * v * v) / (2 * Double.pi).squareRoot())
        case .silu:
            let s = 1 / (1 + Foundation.exp(-x))
            return s * (1 + x * (1 - s))
        case .leakyReLU: return x > 0 ? 1 : 0.01
        case .elu: return x > 0 ? 1 : Foundation.exp(x)
        case .softplus: return x > 20 ? 1 : 1 / (1 + Foundation.exp(-x))
        case .mish:
            let softplus = x > 20 ? x : Foundation.log1p(Foundation.exp(x))
            let t = Foundation.tanh(softplus)
            let sigmoid = 1 / (1 + Foundation.exp(-x))
            return t + x * (1 - t * t) * sigmoid
        case .softsign:
            let d = 1 + abs(x)
            return 1 / (d * d)
        case .hardtanh: return x > -1 && x < 1 ? 1 : 0
        }
    }
}
