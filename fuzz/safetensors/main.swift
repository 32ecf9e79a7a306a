// fuzz: module=Inference max_len=16384
import Foundation

/// libFuzzer entry for the safetensors reader: any bytes as a `model.safetensors`.
///
/// Whatever opens must load tensor by tensor, and a file that holds the tensors of
/// `FuzzSafeTensors.configuration` must build a model and run it, without trapping.
/// Compiled into the Inference module (scripts/fuzz.sh), so it sees internal API.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let url = FuzzScratch.write(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), to: "model.safetensors")
    guard let file = try? SafeTensorsFile(url: url) else { return 0 }
    for (name, info) in file.tensors {
        fuzzCheck(info.dataOffsets.upperBound <= size, "\(name) ends past the file")
        guard let tensor = try? file.floatTensor(named: name) else {
            fuzzCheck(!info.dtype.isLoadableAsFloat, "\(name) of \(info.dtype) did not load")
            continue
        }
        fuzzCheck(tensor.count == info.elementCount, "\(name): \(tensor.count) values for shape \(info.shape)")
        // Touch every value: a bad offset shows up here under AddressSanitizer.
        _ = tensor.withUnsafeBufferPointer { $0.reduce(Float(0)) { $0 + $1.magnitude } }
    }
    guard let model = try? BertModel(configuration: FuzzSafeTensors.configuration, weights: file) else { return 0 }
    // Non-finite weights must not trap the forward pass (what they produce is checked elsewhere).
    _ = try? model.encode([[2, 5, 3], [2, 3]])
    return 0
}

enum FuzzSafeTensors {
    /// A BERT small enough that a fuzz input can hold all its weights (the seeds do).
    static let configuration: BertConfiguration = {
        do {
            return try BertConfiguration(hiddenSize: 4, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 8,
                                         maxPositionEmbeddings: 8, typeVocabSize: 2, vocabSize: 8)
        } catch {
            fatalError("fuzz harness configuration is invalid: \(error)")
        }
    }()
}
