import FascicoloCore

extension JSON {
    /// This document with the value at `path` (object keys) replaced by `change(old value)`;
    /// missing objects on the way are created.
    func updating(_ path: [String], _ change: (JSON?) -> JSON) -> JSON {
        guard let key = path.first else { return change(self) }
        var pairs = objectValue ?? []
        if let index = pairs.firstIndex(where: { $0.0 == key }) {
            pairs[index].1 = pairs[index].1.updating(Array(path.dropFirst()), change)
        } else {
            pairs.append((key, path.count == 1 ? change(nil) : JSON.object([]).updating(Array(path.dropFirst()), change)))
        }
        return .object(pairs)
    }

    /// This document with `value` at `path`.
    func setting(_ path: [String], to value: JSON) -> JSON { updating(path) { _ in value } }
}
