import Foundation

// libFuzzer harness for the YAML files an administrator writes (the Schema module's loaders over
// libyaml), compiled together with FascicoloCore and FascicoloSchema (see run.sh): any text gives
// a type (FASCICOLO_FUZZ unset) or a role set (FASCICOLO_FUZZ=roles), or diagnostics with
// file:line:column — never a crash.

let fuzzOptions = OptionSources(root: URL(fileURLWithPath: "/nonexistent"))

let fuzzRoles = ProcessInfo.processInfo.environment["FASCICOLO_FUZZ"] == "roles"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if fuzzRoles {
        _ = RoleLoader.load(text: text)
        return 0
    }
    let (type, diagnostics) = TypeLoader.loadFile(text: text, file: "types/fuzz.yaml", stem: "fuzz", options: fuzzOptions)
    precondition(type != nil || !diagnostics.isEmpty, "a type file was refused without a diagnostic")
    return 0
}
