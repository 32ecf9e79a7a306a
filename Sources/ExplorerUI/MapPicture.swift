import Foundation
import TextOutput

/// The corpus map as data for a picture (`semblance map`): the same points, bounds and
/// axes as the explorer's map pane, and labelled points for given texts.
public struct MapPictureData: Sendable {
    public struct Label: Sendable {
        public var text: String
        public var point: MapPoint

        public init(text: String, point: MapPoint) {
            self.text = text
            self.point = point
        }
    }

    public var title: String
    public var xs: [Float]
    public var ys: [Float]
    public var bounds: MapBounds
    public var axisNames: (String, String)
    /// The fraction of the variance each axis explains.
    public var ratios: (Double, Double)
    public var labels: [Label]

    public init(title: String, xs: [Float], ys: [Float], bounds: MapBounds, axisNames: (String, String),
                ratios: (Double, Double), labels: [Label]) {
        self.title = title
        self.xs = xs
        self.ys = ys
        self.bounds = bounds
        self.axisNames = axisNames
        self.ratios = ratios
        self.labels = labels
    }
}

/// Where the picture's plot sits and how map units become pixels: one scale on both axes
/// (as in the pane), the corpus's extent (and every label) fitted and centred.
struct MapPictureLayout {
    static let margin = (left: 20.0, right: 20.0, top: 44.0, bottom: 48.0)
    let width: Double
    let height: Double
    let scale: Double
    let originX: Double
    let originY: Double
    let bounds: MapBounds

    init(_ data: MapPictureData, width: Int, height: Int) {
        var bounds = data.bounds
        for label in data.labels where label.point.x.isFinite && label.point.y.isFinite {
            bounds.minX = min(bounds.minX, label.point.x)
            bounds.maxX = max(bounds.maxX, label.point.x)
            bounds.minY = min(bounds.minY, label.point.y)
            bounds.maxY = max(bounds.maxY, label.point.y)
        }
        self.bounds = bounds
        self.width = Double(width)
        self.height = Double(height)
        let m = Self.margin
        let plotWidth = max(1, self.width - m.left - m.right), plotHeight = max(1, self.height - m.top - m.bottom)
        let spanX = max(Double(bounds.width), 1e-9), spanY = max(Double(bounds.height), 1e-9)
        scale = min(plotWidth / spanX, plotHeight / spanY)
        originX = m.left + (plotWidth - spanX * scale) / 2
        originY = m.top + (plotHeight - spanY * scale) / 2
    }

    func x(_ value: Float) -> Double { originX + (Double(value) - Double(bounds.minX)) * scale }
    func y(_ value: Float) -> Double { originY + (Double(bounds.maxY) - Double(value)) * scale }
}

/// Writes the map as SVG (text, XML-escaped) for slides.
public enum MapPicture {
    public static func svg(_ data: MapPictureData, width: Int = 900, height: Int = 700) -> String {
        let layout = MapPictureLayout(data, width: width, height: height)
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="sans-serif">
            <rect width="\(width)" height="\(height)" fill="#ffffff"/>
            <text x="\(width / 2)" y="24" text-anchor="middle" font-size="16" fill="#222222">\(escaped(data.title))</text>

            """
        // The mean of the centred corpus is the origin: dashed guides through it.
        if data.bounds.minX <= 0, data.bounds.maxX >= 0 {
            out += "<line class=\"guide\" x1=\"\(f(layout.x(0)))\" y1=\"\(f(layout.y(layout.bounds.maxY)))\" x2=\"\(f(layout.x(0)))\" y2=\"\(f(layout.y(layout.bounds.minY)))\" stroke=\"#cccccc\" stroke-dasharray=\"4 4\"/>\n"
        }
        if data.bounds.minY <= 0, data.bounds.maxY >= 0 {
            out += "<line class=\"guide\" x1=\"\(f(layout.x(layout.bounds.minX)))\" y1=\"\(f(layout.y(0)))\" x2=\"\(f(layout.x(layout.bounds.maxX)))\" y2=\"\(f(layout.y(0)))\" stroke=\"#cccccc\" stroke-dasharray=\"4 4\"/>\n"
        }
        out += "<g fill=\"#3b6ea8\" fill-opacity=\"0.45\">\n"
        for (x, y) in zip(data.xs, data.ys) where x.isFinite && y.isFinite {
            out += "<circle class=\"item\" cx=\"\(f(layout.x(x)))\" cy=\"\(f(layout.y(y)))\" r=\"2.5\"/>\n"
        }
        out += "</g>\n"
        for label in data.labels {
            let x = layout.x(label.point.x), y = layout.y(label.point.y)
            out += "<circle class=\"label\" cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"5\" fill=\"#c0392b\" stroke=\"#ffffff\"/>\n"
            out += "<text x=\"\(f(x + 8))\" y=\"\(f(y + 4))\" font-size=\"13\" fill=\"#222222\">\(escaped(label.text))</text>\n"
        }
        let (a, b) = data.axisNames
        out += "<text x=\"\(width / 2)\" y=\"\(height - 16)\" text-anchor=\"middle\" font-size=\"13\" fill=\"#444444\">"
            + "\(a) → \(percent(data.ratios.0)) of variance · \(b) ↑ \(percent(data.ratios.1)) · together \(percent(data.ratios.0 + data.ratios.1))</text>\n"
        out += "</svg>\n"
        return out
    }

    /// "12.3%".
    static func percent(_ fraction: Double) -> String {
        fraction.isFinite ? String(format: "%.1f%%", fraction * 100) : "?%"
    }

    private static func f(_ value: Double) -> String {
        value.isFinite ? String(format: "%.1f", value) : "0"
    }

    /// Text for XML: control characters made visible (XML 1.0 cannot hold most of them),
    /// then the five markup characters escaped.
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in TerminalText.visible(text) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\u{FFFE}": out += "⟨U+FFFE⟩"  // not characters to XML either
            case "\u{FFFF}": out += "⟨U+FFFF⟩"
            default: out.append(character)
            }
        }
        return out
    }
}
