import FascicoloCore
import FascicoloEngine
import Foundation

/// Draws a report table's chart as a self-contained SVG (no scripts, no external fonts):
/// vertical bars, or lines with points, one colour per series, with a legend and a value axis.
public enum ReportChartSVG {
    static let palette = ["#2f5d8a", "#c0673a", "#5a8f4e", "#8a5a9c", "#b8a23a"]

    public static func svg(_ table: ReportTable) -> String? {
        guard let chart = table.chart, !table.rows.isEmpty else { return nil }
        let labels = table.rows.map { ReportRenderer.text($0[chart.label], kind: table.columns[chart.label].kind) }
        let series = chart.values.map { column in table.rows.map { number($0[column]) } }
        let top = niceCeiling(series.flatMap { $0 }.max() ?? 0)
        // Bars need room side by side; a line's points need less.
        let width = max(480, 80 + labels.count * (chart.kind == .bar ? 48 * chart.values.count : 24))
        let height = 320
        let left = 64.0
        let right = 16.0
        let topMargin = 32.0
        let bottom = 80.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - topMargin - bottom
        let slot = plotWidth / Double(labels.count)
        func y(_ value: Double) -> Double { topMargin + plotHeight - (top == 0 ? 0 : value / top * plotHeight) }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">"
        svg += "<title>\(escape(chart.title ?? table.title ?? "Grafico"))</title>"
        for step in 0...4 {
            let value = top * Double(step) / 4
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(value)))\" x2=\"\(f(Double(width) - right))\" y2=\"\(f(y(value)))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(value) + 4))\" text-anchor=\"end\">\(escape(axisLabel(value)))</text>"
        }
        for (index, values) in series.enumerated() {
            let colour = palette[index % palette.count]
            // Tooltips print the table's exact cell; the plotted number only places the shape.
            let column = chart.values[index]
            let exact = table.rows.map { escape(ReportRenderer.text($0[column], kind: table.columns[column].kind)) }
            switch chart.kind {
            case .bar:
                let barWidth = slot * 0.7 / Double(series.count)
                for (position, value) in values.enumerated() {
                    let x = left + slot * Double(position) + slot * 0.15 + barWidth * Double(index)
                    svg +=
                        "<rect x=\"\(f(x))\" y=\"\(f(y(value)))\" width=\"\(f(barWidth))\" height=\"\(f(y(0) - y(value)))\" fill=\"\(colour)\"><title>\(escape(labels[position])): \(exact[position])</title></rect>"
                }
            case .line:
                let points = values.enumerated().map { "\(f(left + slot * (Double($0.offset) + 0.5))),\(f(y($0.element)))" }
                svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
                for (position, point) in points.enumerated() {
                    let xy = point.split(separator: ",")
                    svg +=
                        "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"\(colour)\"><title>\(escape(labels[position])): \(exact[position])</title></circle>"
                }
            }
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(0)))\" x2=\"\(f(Double(width) - right))\" y2=\"\(f(y(0)))\" stroke=\"#333\"/>"
        for (position, label) in labels.enumerated() {
            let x = left + slot * (Double(position) + 0.5)
            let short = label.count > 18 ? String(label.prefix(17)) + "…" : label
            svg += "<text transform=\"translate(\(f(x)),\(f(y(0) + 12))) rotate(30)\" text-anchor=\"start\">\(escape(short))</text>"
        }
        for (index, column) in chart.values.enumerated() {
            let x = left + Double(index) * 160
            svg += "<rect x=\"\(f(x))\" y=\"8\" width=\"10\" height=\"10\" fill=\"\(palette[index % palette.count])\"/>"
            svg += "<text x=\"\(f(x + 14))\" y=\"17\">\(escape(table.columns[column].label))</text>"
        }
        return svg + "</svg>"
    }

    /// A cell as a plotting coordinate (pixels only: nothing printed comes from it but the axis ticks).
    private static func number(_ value: Value) -> Double {
        switch value {
        case .integer(let number): Double(number)
        case .decimal(let number): Double(number.plain) ?? 0
        default: 0
        }
    }

    private static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 2, 2.5, 5, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    private static func axisLabel(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func escape(_ text: String) -> String {
        var output = ""
        XMLTree.escape(text, into: &output)
        return output.replacingOccurrences(of: "\"", with: "&quot;")
    }
}
