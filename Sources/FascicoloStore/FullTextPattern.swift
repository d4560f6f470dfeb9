import GRDB

/// What the search box matches in an FTS5 index, built with GRDB's FTS5 pattern helpers, which
/// tokenize and quote whatever the user typed (no operator, column filter or quote of theirs can
/// reach FTS5's query syntax).
public enum FullTextPattern {
    /// Every word of `text` as a prefix (`ross* mar*`); nil when the text holds no word.
    public static func allPrefixes(of text: String) -> String? {
        FTS5Pattern(matchingAllPrefixesIn: text)?.rawPattern
    }
}
