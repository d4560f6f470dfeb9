import Hummingbird

extension AppContext {
    /// The `:id` (or another named parameter) of the route as a positive number written in plain
    /// digits, or a 404 (`+81`, `-1`, `1e3`, overflowing numbers and text are not ids).
    func routeID(_ name: String = "id") throws -> Int64 {
        guard let text = parameters.get(name), !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let id = Int64(text), id > 0 else {
            throw WebError.notFound
        }
        return id
    }
}
