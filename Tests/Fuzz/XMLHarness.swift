import Foundation

// libFuzzer harness for the .docx part reader (Sources/FascicoloDocuments/Docx/XMLTree.swift)
// and the template compiler (TemplateCompiler.swift: placeholders joined across runs, sections
// built), compiled together with them (see run.sh): parse, walk, copy, write back and compile any
// bytes; a syntax error or a template issue is a correct answer.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The same bytes as a relationship part and as a document part, for the external-content check.
    let part = Data(bytes)
    _ = ExternalContent.firstReference(in: [("word/_rels/document.xml.rels", part), ("word/document.xml", part)])
    guard let root = try? XMLTree.parse(bytes) else { return 0 }
    _ = root.descendants(named: "w:t")
    var output = ""
    // The root is synthetic (it holds the top-level nodes): write its children.
    for node in root.copy().children { XMLTree.serialize(node, into: &output) }
    // What was read writes back as a well-formed part that reads again.
    precondition((try? XMLTree.parse(Array(output.utf8))) != nil, "a part read back failed to parse")
    // Compiled as a template part: issues or a tree of sections, and the tree still writes out.
    let compiled = root.copy()
    if PartCompiler.compile(compiled, part: "word/document.xml").isEmpty {
        var written = ""
        for node in compiled.children { XMLTree.serialize(node, into: &written) }
    }
    return 0
}
