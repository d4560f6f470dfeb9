/// Checks every placeholder of a compiled part against the vocabulary of a pratica type.
struct TemplateChecker {
    private var scopes: [TemplateShape]
    private(set) var issues: [TemplateIssue] = []

    init(shape: TemplateShape) { scopes = [shape] }

    mutating func check(_ node: XMLNode) {
        switch node.kind {
        case .template(let segments):
            for case .placeholder(let tag) in segments { checkValue(tag) }
        case .section(let tag):
            guard let shape = resolve(tag) else { return }
            switch tag.kind {
            case .open:
                switch shape {
                case .list(let item): scopes.append(item)
                case .record: scopes.append(shape)
                case .scalar: scopes.append(.record([:]))
                }
                for element in node.children { check(element) }
                scopes.removeLast()
                return
            case .openEquals(let code):
                guard case .scalar(let codes) = shape else {
                    issues.append(
                        TemplateIssue(
                            message: "\(tag.source): «\(tag.path.joined(separator: "."))» non è un campo con un valore da confrontare",
                            position: tag.position))
                    return
                }
                if let codes, !codes.contains(code) {
                    issues.append(
                        TemplateIssue(
                            message: "\(tag.source): il valore da confrontare non esiste; valori ammessi: \(codes.sorted().joined(separator: ", "))",
                            position: tag.position))
                }
            default:
                break
            }
            for element in node.children { check(element) }
        default:
            for element in node.children { check(element) }
        }
    }

    private mutating func checkValue(_ tag: TemplateTag) {
        if tag.kind == .image {
            if tag.path != ["logo"] {
                issues.append(
                    TemplateIssue(message: "immagine sconosciuta \(tag.source): l'unica immagine disponibile è {{%logo}}", position: tag.position))
            }
            return
        }
        _ = resolve(tag)
    }

    private mutating func resolve(_ tag: TemplateTag) -> TemplateShape? {
        guard var shape = scopes.reversed().lazy.compactMap({ $0[tag.path[0]] }).first else {
            issues.append(
                TemplateIssue(
                    message: "segnaposto sconosciuto \(tag.source): «\(tag.path[0])» non è un campo di questa tipologia", position: tag.position))
            return nil
        }
        for name in tag.path.dropFirst() {
            guard let next = shape[name] else {
                issues.append(
                    TemplateIssue(
                        message:
                            "segnaposto sconosciuto \(tag.source): «\(name)» non fa parte di «\(tag.path.prefix { $0 != name }.joined(separator: "."))»",
                        position: tag.position))
                return nil
            }
            shape = next
        }
        return shape
    }
}

/// Writes a compiled part filled with data.
struct TemplateRenderer {
    private var scopes: [TemplateValue]
    /// The drawing that replaces `{{%logo}}`, or nil when the office has no logo.
    private let logo: String?
    private(set) var output = ""

    init(data: TemplateValue, logo: String?) {
        scopes = [data]
        self.logo = logo
        output.reserveCapacity(64 << 10)
    }

    mutating func render(_ node: XMLNode) {
        switch node.kind {
        case .element(let name, let attributes):
            if node.children.isEmpty {
                output += "<\(name)\(attributes)/>"
            } else {
                output += "<\(name)\(attributes)>"
                for child in node.children { render(child) }
                output += "</\(name)>"
            }
        case .text(let text):
            XMLTree.escape(text, into: &output)
        case .raw(let raw):
            output += raw
        case .tag:
            break
        case .template(let segments):
            for segment in segments {
                switch segment {
                case .literal(let text): XMLTree.escape(text, into: &output)
                case .placeholder(let tag) where tag.kind == .image:
                    if let logo { output += "</w:t>\(logo)<w:t xml:space=\"preserve\">" }
                case .placeholder(let tag): write(resolve(tag.path).printed)
                }
            }
        case .section(let tag):
            renderSection(node, tag: tag)
        }
    }

    private mutating func renderSection(_ node: XMLNode, tag: TemplateTag) {
        let value = resolve(tag.path)
        switch tag.kind {
        case .openInverted:
            if !value.isPresent { for element in node.children { render(element) } }
        case .openEquals(let code):
            if value.code == code { for element in node.children { render(element) } }
        default:
            switch value {
            case .list(let items):
                for item in items {
                    scopes.append(item)
                    for element in node.children { render(element) }
                    scopes.removeLast()
                }
            case _ where value.isPresent:
                scopes.append(value)
                for element in node.children { render(element) }
                scopes.removeLast()
            default:
                break
            }
        }
    }

    private func resolve(_ path: [String]) -> TemplateValue {
        guard var value = scopes.reversed().lazy.compactMap({ $0[path[0]] }).first else { return .empty }
        for name in path.dropFirst() {
            guard let next = value[name] else { return .empty }
            value = next
        }
        return value
    }

    /// Prints a value inside a `w:t`: line breaks and tabs become Word's own elements.
    private mutating func write(_ text: String) {
        var first = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !first { output += "</w:t><w:br/><w:t xml:space=\"preserve\">" }
            first = false
            var firstPiece = true
            for piece in line.split(separator: "\t", omittingEmptySubsequences: false) {
                if !firstPiece { output += "</w:t><w:tab/><w:t xml:space=\"preserve\">" }
                firstPiece = false
                XMLTree.escape(String(piece.filter { $0 != "\r" }), into: &output)
            }
        }
    }
}
