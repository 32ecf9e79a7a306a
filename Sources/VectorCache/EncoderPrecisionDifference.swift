import Foundation

/// Two fingerprints that differ only in the encoder's precision: the same model run in
/// float32 and in int8. The cache names that case apart from "another model", since the fix
/// is a flag (`--quantize`), not another model directory.
enum EncoderPrecisionDifference {
    /// The stored and requested precisions ("float32" where the component is absent), or nil
    /// when anything else differs as well, or either record's details cannot be read.
    static func between(storedDetails: String, requestedDetails: String) -> (stored: String, requested: String)? {
        guard var stored = fields(storedDetails), var requested = fields(requestedDetails) else { return nil }
        let key = ModelIdentity.encoderPrecisionComponent
        let storedPrecision = stored.removeValue(forKey: key), requestedPrecision = requested.removeValue(forKey: key)
        guard storedPrecision != requestedPrecision, stored == requested else { return nil }
        return (storedPrecision ?? "float32", requestedPrecision ?? "float32")
    }

    /// A details JSON object of strings (as `ModelIdentity.detailsJSON` writes it), or nil.
    static func fields(_ json: String) -> [String: String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
        var fields: [String: String] = [:]
        for (key, value) in object {
            guard let text = value as? String else { return nil }
            fields[key] = text
        }
        return fields
    }

    /// "int8" of "int8 (weights and inputs, one scale per 64 inputs)".
    static func shortName(_ precision: String) -> String {
        precision.split(separator: " ").first.map(String.init) ?? precision
    }
}

extension ModelRecord {
    /// The quantized encoder's short name ("int8") its vectors came from; nil for float32.
    public var quantizedEncoder: String? {
        EncoderPrecisionDifference.fields(details)?[ModelIdentity.encoderPrecisionComponent].map(EncoderPrecisionDifference.shortName)
    }
}
