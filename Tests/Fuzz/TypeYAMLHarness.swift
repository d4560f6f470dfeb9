import Foundation

// libFuzzer harness for pratica types written in YAML (the Schema module's loader over libyaml),
// compiled together with FascicoloCore and FascicoloSchema (see run.sh): any text gives a type or
// diagnostics with file:line:column, never a crash.

let fuzzOptions = OptionSources(root: URL(fileURLWithPath: "/nonexistent"))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let (type, diagnostics) = TypeLoader.loadFile(text: text, file: "types/fuzz.yaml", stem: "fuzz", options: fuzzOptions)
    precondition(type != nil || !diagnostics.isEmpty, "a type file was refused without a diagnostic")
    return 0
}
