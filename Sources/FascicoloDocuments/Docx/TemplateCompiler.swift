import Foundation

/// A problem of a template that its author can fix, named by placeholder and position.
public struct TemplateIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public let position: TemplatePosition?

    public var description: String {
        guard let position else { return message }
        return "\(position): \(message)"
    }
}

/// Turns a parsed part into a template: placeholders that Word split across runs are joined,
/// section tags get runs of their own, and each section becomes one node around what it repeats.
enum PartCompiler {
    /// Compiles `root` in place; returns the problems found (the tree is unusable when any).
    static func compile(_ root: XMLNode, part: String) -> [TemplateIssue] {
        var issues: [TemplateIssue] = []
        for (index, paragraph) in root.descendants(named: "w:p").enumerated() {
            let position = TemplatePosition(part: part, paragraph: index + 1)
            issues += compileParagraph(paragraph, position: position)
        }
        guard issues.isEmpty else { return issues }
        return buildSections(root)
    }

    // MARK: Paragraphs

    private static func compileParagraph(_ paragraph: XMLNode, position: TemplatePosition) -> [TemplateIssue] {
        let texts = paragraph.descendants(named: "w:t", stoppingAt: "w:p")
        guard texts.contains(where: { $0.ownText.contains("{") || $0.ownText.contains("}") }) else { return [] }
        joinSplitPlaceholders(texts)
        var issues: [TemplateIssue] = []
        for text in texts {
            let content = text.ownText
            guard content.contains("{{") || content.contains("}}") else { continue }
            switch segments(of: content, position: position) {
            case .failure(let issue):
                issues.append(issue)
            case .success(let segments):
                place(segments, in: text)
            }
        }
        return issues
    }

    /// Moves every placeholder that spans several `w:t` wholly into the first of them, so that
    /// `{{nome_` in one run and `cartella}}` in the next read as one placeholder.
    private static func joinSplitPlaceholders(_ texts: [XMLNode]) {
        var pieces = texts.map { Array($0.ownText.unicodeScalars) }
        // (piece, offset) of every scalar of the paragraph, in order.
        var owners: [(piece: Int, offset: Int)] = []
        for (piece, scalars) in pieces.enumerated() {
            for offset in scalars.indices { owners.append((piece, offset)) }
        }
        let all = pieces.flatMap { $0 }
        var moved = Array(repeating: [Unicode.Scalar](), count: pieces.count)
        var removed = Array(repeating: Set<Int>(), count: pieces.count)
        var index = 0
        var changed = false
        while index + 1 < all.count {
            guard all[index] == "{", all[index + 1] == "{" else {
                index += 1
                continue
            }
            var end = index + 2
            while end + 1 < all.count, !(all[end] == "}" && all[end + 1] == "}") { end += 1 }
            guard end + 1 < all.count else { break }
            let first = owners[index].piece
            if owners[end + 1].piece != first {
                changed = true
                for position in (index...(end + 1)) where owners[position].piece != first {
                    moved[first].append(all[position])
                    removed[owners[position].piece].insert(owners[position].offset)
                }
            }
            index = end + 2
        }
        guard changed else { return }
        for piece in pieces.indices {
            var scalars: [Unicode.Scalar] = []
            for (offset, scalar) in pieces[piece].enumerated() where !removed[piece].contains(offset) { scalars.append(scalar) }
            // The moved scalars continue a placeholder that starts at the end of this piece.
            scalars += moved[piece]
            pieces[piece] = scalars
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            texts[piece].adopt([XMLNode(.text(text))])
        }
    }

    private static func segments(of content: String, position: TemplatePosition) -> Result<[TextSegment], TemplateIssue> {
        var segments: [TextSegment] = []
        var rest = Substring(content)
        while let open = rest.range(of: "{{") {
            if !rest[..<open.lowerBound].isEmpty { segments.append(.literal(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                return .failure(TemplateIssue(message: "«{{» senza la chiusura «}}»", position: position))
            }
            let inner = String(rest[open.upperBound..<close.lowerBound])
            guard let tag = TemplateTag(inner: inner, position: position) else {
                return .failure(
                    TemplateIssue(
                        message:
                            "segnaposto non valido \(TemplateTag.printable(inner)): sono ammessi nomi come {{campo}}, {{campo.sottocampo}}, {{#sezione}}, {{^sezione}}, {{/sezione}}, {{#campo=codice}}, {{%logo}}",
                        position: position))
            }
            segments.append(.placeholder(tag))
            rest = rest[close.upperBound...]
        }
        if rest.contains("}}") {
            return .failure(TemplateIssue(message: "«}}» senza l'apertura «{{»", position: position))
        }
        if !rest.isEmpty { segments.append(.literal(String(rest))) }
        return .success(segments)
    }

    /// Puts the segments into the tree: section tags become runs of their own (`.tag` nodes),
    /// the rest stays in the `w:t` as a `.template` node.
    private static func place(_ segments: [TextSegment], in text: XMLNode) {
        preserveSpaces(text)
        let hasBoundary = segments.contains { if case .placeholder(let tag) = $0 { tag.isSectionBoundary } else { false } }
        guard hasBoundary, let run = text.parent, run.name == "w:r", let container = run.parent,
            let runIndex = container.children.firstIndex(where: { $0 === run }),
            let textIndex = run.children.firstIndex(where: { $0 === text })
        else {
            text.adopt([XMLNode(.template(segments))])
            return
        }
        let properties = run.children.filter { $0.name == "w:rPr" }
        let before = run.children[..<textIndex].filter { $0.name != "w:rPr" }
        let after = run.children[(textIndex + 1)...].filter { $0.name != "w:rPr" }
        func newRun(_ content: [XMLNode]) -> XMLNode {
            XMLNode(run.kind, children: properties.map { $0.copy() } + content)
        }
        var replacement: [XMLNode] = []
        if !before.isEmpty { replacement.append(newRun(Array(before))) }
        var pending: [TextSegment] = []
        func flush() {
            guard !pending.isEmpty else { return }
            replacement.append(newRun([XMLNode(text.kind, children: [XMLNode(.template(pending))])]))
            pending = []
        }
        for segment in segments {
            if case .placeholder(let tag) = segment, tag.isSectionBoundary {
                flush()
                replacement.append(XMLNode(.tag(tag)))
            } else {
                pending.append(segment)
            }
        }
        flush()
        if !after.isEmpty { replacement.append(newRun(Array(after))) }
        container.children.replaceSubrange(runIndex...runIndex, with: replacement)
        for node in replacement { node.parent = container }
    }

    /// Values may start or end with spaces: the `w:t` must keep them.
    private static func preserveSpaces(_ text: XMLNode) {
        guard case .element(let name, let attributes) = text.kind, !attributes.contains("xml:space") else { return }
        text.kind = .element(name: name, attributes: attributes + " xml:space=\"preserve\"")
    }

    // MARK: Sections

    private static func buildSections(_ root: XMLNode) -> [TemplateIssue] {
        var markers: [XMLNode] = []
        func collect(_ node: XMLNode) {
            for child in node.children {
                if case .tag = child.kind { markers.append(child) } else { collect(child) }
            }
        }
        collect(root)
        var open: [(node: XMLNode, tag: TemplateTag)] = []
        for marker in markers {
            guard case .tag(let tag) = marker.kind else { continue }
            if tag.isOpening {
                open.append((marker, tag))
                continue
            }
            guard let last = open.last else {
                return [TemplateIssue(message: "\(tag.source) chiude una sezione che non è stata aperta", position: tag.position)]
            }
            guard last.tag.path == tag.path else {
                return [TemplateIssue(message: "\(last.tag.source) (\(last.tag.position)) va chiusa prima di \(tag.source)", position: tag.position)]
            }
            open.removeLast()
            wrap(from: last.node, to: marker, tag: last.tag)
        }
        if let unclosed = open.last {
            return [
                TemplateIssue(
                    message: "\(unclosed.tag.source) non è mai chiusa: manca «{{/\(unclosed.tag.path.joined(separator: "."))}}»",
                    position: unclosed.tag.position)
            ]
        }
        return []
    }

    /// Replaces what lies between two markers with one section node, at the level that contains
    /// both: the runs of one paragraph, the rows of one table, or whole paragraphs.
    private static func wrap(from open: XMLNode, to close: XMLNode, tag: TemplateTag) {
        let closeLineage = close.lineage
        let closeSet = Set(closeLineage.map(ObjectIdentifier.init))
        let openLineage = open.lineage
        guard let lcaIndex = openLineage.firstIndex(where: { closeSet.contains(ObjectIdentifier($0)) }), lcaIndex > 0 else { return }
        var container = openLineage[lcaIndex]
        var first = openLineage[lcaIndex - 1]
        var last = closeLineage[closeLineage.firstIndex { $0 === container }! - 1]
        if container.name == "w:tr", let table = container.parent {
            // Both tags in one table row: the row repeats.
            first = container
            last = container
            container = table
        }
        guard let start = container.children.firstIndex(where: { $0 === first }),
            let end = container.children.firstIndex(where: { $0 === last })
        else { return }
        var inner = Array(container.children[start...end])
        // The tags go; so do the paragraphs that held nothing else (`first` and `last` differ
        // unless they are one table row, which always stays).
        if first !== open { open.detach() }
        if last !== close { close.detach() }
        if first === open || droppable(first, in: container) { inner.removeFirst() }
        if last === close || droppable(last, in: container) { inner.removeLast() }
        let section = XMLNode(.section(tag), children: inner)
        container.children.replaceSubrange(start...end, with: [section])
        section.parent = container
        if container.name == "w:tc", !container.children.contains(where: { $0.name == "w:p" }) {
            // A table cell must end with a paragraph, even when the section shows nothing.
            let paragraph = XMLNode(.element(name: "w:p", attributes: ""))
            paragraph.parent = container
            container.children.append(paragraph)
        }
    }

    /// A paragraph that held only a section tag disappears with it.
    private static func droppable(_ node: XMLNode, in container: XMLNode) -> Bool {
        guard node.name == "w:p", container.name != "w:tr" else { return false }
        func visible(_ node: XMLNode) -> Bool {
            switch node.kind {
            case .tag, .section, .template: return true
            case .text(let text): return node.parent?.name == "w:t" && !text.isEmpty
            case .raw: return false
            case .element(let name, _):
                if ["w:drawing", "w:pict", "w:object", "w:fldSimple", "w:fldChar", "w:sym", "w:tab", "w:br"].contains(name) { return true }
                if name == "w:pPr" || name == "w:rPr" { return false }
                return node.children.contains(where: visible)
            }
        }
        return !node.children.contains(where: visible)
    }
}
