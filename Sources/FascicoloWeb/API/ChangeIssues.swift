import FascicoloCore

/// A change (`PATCH` with `campi`) valid in itself can still leave the stored record invalid — it
/// fills one field of a group row that has a required field still empty. Such issues, on fields
/// the change did not name, are conflicts with the stored data (409); issues on the named fields
/// stay validation errors (422).
enum ChangeIssues {
    static func attributing<T>(changed paths: [String], _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch FascicoloError.validation(let issues) {
            throw FascicoloError.validation(
                issues.map { issue in
                    let named = paths.contains { issue.field == $0 || issue.field.hasPrefix($0 + "[") || issue.field.hasPrefix($0 + ".") }
                    return named ? issue : FieldIssue(field: issue.field, message: issue.message, conflictsWithStoredData: true)
                })
        }
    }
}
