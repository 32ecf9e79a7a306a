/// Horizontal bars drawn with eighth-block characters.
public enum Bar {
    private static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// A bar `width` columns wide filled to `fraction` (clamped to 0…1), padded with spaces.
    public static func horizontal(_ fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let total = Int((clamped * Double(width * 8)).rounded())
        let full = total / 8, remainder = total % 8
        var bar = String(repeating: "█", count: full)
        if remainder > 0, full < width { bar.append(eighths[remainder - 1]) }
        return bar + String(repeating: " ", count: max(0, width - DisplayWidth.of(bar)))
    }
}
