import Foundation

/// DistilBERT's fixed position table (`sinusoidal_pos_embds`), computed as transformers'
/// `create_sinusoidal_embeddings` does: in Double, rounded to Float once.
enum SinusoidalPositions {
    /// [positions × width]: row p, column j is sin(p / 10000^(2⌊j/2⌋/width)) for even j,
    /// cos of the same angle for odd j.
    static func table(name: String, positions: Int, width: Int) -> FloatTensor {
        FloatTensor(name: name, shape: [positions, width], count: positions * width) { values in
            for column in 0..<width {
                let wavelength = Foundation.pow(10_000, Double(2 * (column / 2)) / Double(width))
                for position in 0..<positions {
                    let angle = Double(position) / wavelength
                    values[position * width + column] = Float(column % 2 == 0 ? Foundation.sin(angle) : Foundation.cos(angle))
                }
            }
        }
    }
}
