import Foundation

/// Maps RGB colours onto what a terminal can show: the xterm 256-colour palette, the
/// 16 ANSI colours or the first 8 (by nearest colour), and measures contrast.
public enum ColourConversion {
    /// xterm's default RGB for the 16 ANSI colours.
    public static let ansiRGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    private static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The RGB an xterm shows for a 256-colour index.
    public static func rgb(ofIndex index: UInt8) -> (UInt8, UInt8, UInt8) {
        switch index {
        case 0..<16: return ansiRGB[Int(index)]
        case 16..<232:
            let n = Int(index) - 16
            return (UInt8(cubeLevels[n / 36]), UInt8(cubeLevels[n / 6 % 6]), UInt8(cubeLevels[n % 6]))
        default:
            let level = UInt8(8 + 10 * (Int(index) - 232))
            return (level, level, level)
        }
    }

    /// The nearest 256-colour index (6×6×6 cube or grey ramp; never 0–15, whose RGB the
    /// user's palette may change).
    public static func index256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        func nearestLevel(_ value: UInt8) -> Int {
            var best = 0
            for (i, level) in cubeLevels.enumerated() where abs(level - Int(value)) < abs(cubeLevels[best] - Int(value)) {
                best = i
            }
            return best
        }
        let cube = 16 + 36 * nearestLevel(r) + 6 * nearestLevel(g) + nearestLevel(b)
        let average = (Int(r) + Int(g) + Int(b)) / 3
        let grey = 232 + max(0, min(23, (average - 8 + 5) / 10))
        let cubeRGB = rgb(ofIndex: UInt8(cube)), greyRGB = rgb(ofIndex: UInt8(grey))
        return distance(cubeRGB, (r, g, b)) <= distance(greyRGB, (r, g, b)) ? UInt8(cube) : UInt8(grey)
    }

    /// The nearest of the 16 ANSI colours.
    public static func index16(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        nearestANSI(r, g, b, among: 16)
    }

    /// The nearest of the 8 basic ANSI colours (terminals such as TERM=xterm have no others).
    public static func index8(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        nearestANSI(r, g, b, among: 8)
    }

    private static func nearestANSI(_ r: UInt8, _ g: UInt8, _ b: UInt8, among count: Int) -> UInt8 {
        var best = 0
        var bestDistance = Int.max
        for (i, colour) in ansiRGB.prefix(count).enumerated() {
            let d = distance(colour, (r, g, b))
            if d < bestDistance { best = i; bestDistance = d }
        }
        return UInt8(best)
    }

    /// Linear mix: `t = 0` gives `a`, `t = 1` gives `b`.
    public static func mix(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8), _ t: Double)
        -> (UInt8, UInt8, UInt8) {
        let clamped = min(1, max(0, t.isFinite ? t : 0))
        func channel(_ x: UInt8, _ y: UInt8) -> UInt8 {
            UInt8(max(0, min(255, (Double(x) + (Double(y) - Double(x)) * clamped).rounded())))
        }
        return (channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }

    /// WCAG 2 relative luminance in 0…1 (sRGB channels linearised first).
    public static func relativeLuminance(_ c: (UInt8, UInt8, UInt8)) -> Double {
        func linear(_ channel: UInt8) -> Double {
            let v = Double(channel) / 255
            return v <= 0.04045 ? v / 12.92 : Foundation.pow((v + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
    }

    /// WCAG 2 contrast ratio, 1…21 (3 is the least for large text and interface parts).
    public static func contrast(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Double {
        let la = relativeLuminance(a), lb = relativeLuminance(b)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        // Weighted toward green as the eye is; squared so no square root is needed.
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}
