import TextOutput

/// The map as a PNG: the same layout as the SVG, points blended onto white. A PNG has no
/// text of its own, so labelled points carry their number (1, 2, … in the order given) in
/// a small built-in digit font; the command lists which text each number is.
extension MapPicture {
    public static func png(_ data: MapPictureData, width: Int = 900, height: Int = 700) -> [UInt8]? {
        guard width > 0, height > 0 else { return nil }
        var canvas = Canvas(width: width, height: height)
        let layout = MapPictureLayout(data, width: width, height: height)
        for (x, y) in zip(data.xs, data.ys) where x.isFinite && y.isFinite {
            canvas.disc(x: layout.x(x), y: layout.y(y), radius: 2.5, colour: (59, 110, 168), alpha: 0.45)
        }
        for (index, label) in data.labels.enumerated() {
            let x = layout.x(label.point.x), y = layout.y(label.point.y)
            canvas.disc(x: x, y: y, radius: 6, colour: (255, 255, 255), alpha: 1)
            canvas.disc(x: x, y: y, radius: 5, colour: (192, 57, 43), alpha: 1)
            canvas.number(index + 1, x: Int(x.rounded()) + 8, y: Int(y.rounded()) - 5, colour: (34, 34, 34))
        }
        return PNGImage.rgb(width: width, height: height, pixels: canvas.pixels)
    }
}

/// An RGB raster with alpha blending.
struct Canvas {
    let width: Int
    let height: Int
    var pixels: [UInt8]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 255, count: width * height * 3)
    }

    mutating func blend(x: Int, y: Int, colour: (UInt8, UInt8, UInt8), alpha: Double) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let index = (y * width + x) * 3
        for (offset, value) in [colour.0, colour.1, colour.2].enumerated() {
            let old = Double(pixels[index + offset])
            pixels[index + offset] = UInt8(max(0, min(255, (old * (1 - alpha) + Double(value) * alpha).rounded())))
        }
    }

    mutating func disc(x: Double, y: Double, radius: Double, colour: (UInt8, UInt8, UInt8), alpha: Double) {
        guard x.isFinite, y.isFinite else { return }
        let reach = Int(radius.rounded(.up))
        let cx = Int(x.rounded()), cy = Int(y.rounded())
        for dy in -reach...reach {
            for dx in -reach...reach where Double(dx * dx + dy * dy) <= radius * radius {
                blend(x: cx + dx, y: cy + dy, colour: colour, alpha: alpha)
            }
        }
    }

    /// 3 × 5 digits, drawn at twice their size: one row of 3 bits per line, top first.
    private static let digits: [[UInt8]] = [
        [7, 5, 5, 5, 7], [2, 6, 2, 2, 7], [7, 1, 7, 4, 7], [7, 1, 7, 1, 7], [5, 5, 7, 1, 1],
        [7, 4, 7, 1, 7], [7, 4, 7, 5, 7], [7, 1, 1, 1, 1], [7, 5, 7, 5, 7], [7, 5, 7, 1, 7],
    ]

    mutating func number(_ value: Int, x: Int, y: Int, colour: (UInt8, UInt8, UInt8)) {
        var left = x
        for character in String(value) {
            guard let digit = character.wholeNumberValue else { continue }
            for (row, bits) in Self.digits[digit].enumerated() {
                for column in 0..<3 where bits & (4 >> UInt8(column)) != 0 {
                    for sy in 0..<2 { for sx in 0..<2 { blend(x: left + 2 * column + sx, y: y + 2 * row + sy, colour: colour, alpha: 1) } }
                }
            }
            left += 8
        }
    }
}
