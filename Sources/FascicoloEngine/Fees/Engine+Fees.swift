import FascicoloCore
import FascicoloLua

extension Engine {
    /// Computes the fee quote with the `fees` hook of the type's plugin.
    public func computeFees(typeId: String, input: FeeInput) throws -> FeeQuote {
        _ = try type(typeId)
        let issues = input.issues()
        guard issues.isEmpty else { throw FascicoloError.validation(issues) }
        let result = try plugins.with(typeId) { plugin -> (Value, String) in
            guard plugin.hooks.contains("fees") else {
                throw FascicoloError.invalidRequest("il plugin della tipologia '\(typeId)' non calcola i compensi")
            }
            return (try plugin.call("fees", [.readOnly(input.value), .value(.record(["today": .date(today())]))]).first ?? .null,
                    plugin.file)
        }
        guard let (value, file) = result else {
            throw FascicoloError.invalidRequest("la tipologia '\(typeId)' non ha un plugin per il calcolo dei compensi")
        }
        return try FeeQuote(value, file: file)
    }
}
