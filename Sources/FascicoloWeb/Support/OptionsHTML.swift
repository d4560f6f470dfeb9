/// The `<option>` elements of a select or a datalist, written directly: long option lists (the
/// 140 tribunali) would otherwise cost hundreds of template lookups on every page.
enum OptionsHTML {
    /// `<option value="v" selected>label</option>…`, every value and label escaped.
    static func select(_ options: [OptionView]) -> String {
        var html = ""
        html.reserveCapacity(options.count * 48)
        for option in options {
            html += "<option value=\"\(escape(option.value))\"\(option.selected ? " selected" : "")>\(escape(option.label))</option>"
        }
        return html
    }

    /// `<option value="label"></option>…` for a datalist that suggests labels.
    static func suggestions(_ options: [OptionView]) -> String {
        options.map { "<option value=\"\(escape($0.label))\"></option>" }.joined()
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
