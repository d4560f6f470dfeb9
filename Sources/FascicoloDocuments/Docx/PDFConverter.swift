import FascicoloCore
import Foundation
import Synchronization

/// Why a document could not be turned into PDF (Italian, for the user).
public struct PDFConversionError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// Converts `.docx` to PDF with LibreOffice headless (`soffice --convert-to pdf`).
///
/// One conversion runs at a time: LibreOffice is heavy, and one user profile (kept under the
/// data directory, so that its first-run setup is paid once) cannot be shared by two processes.
/// At most `maximumWaiting` more wait for their turn; one more is refused at once (503), so that
/// conversions never pile up behind a slow one. Each runs in a private temporary folder, for at
/// most `timeout` seconds or what is left of the request's budget, whichever is shorter.
public final class PDFConverter: Sendable {
    /// The `soffice` executable, or nil when LibreOffice is not installed.
    public let executable: URL?
    private let profile: URL
    private let lock = Mutex(())
    private let pending = Mutex(0)
    private let timeout: TimeInterval
    /// Conversions that may wait while one runs.
    static let maximumWaiting = 2

    /// Looks for `soffice`/`libreoffice` on the PATH; `profile` is the folder for its settings.
    public init(profile: URL, timeout: TimeInterval = 120, executable: URL? = PDFConverter.findExecutable()) {
        self.executable = executable
        self.profile = profile
        self.timeout = timeout
    }

    public static func findExecutable() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/lib/libreoffice/program"] {
            for name in ["soffice", "libreoffice"] {
                let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    /// The PDF of a `.docx`. Blocks the calling thread while LibreOffice works: call it off the
    /// server's event loop.
    public func convert(_ docx: Data) throws(PDFConversionError) -> Data {
        guard let executable else {
            throw PDFConversionError(
                description:
                    "la conversione in PDF non è disponibile: LibreOffice non è installato sul server (pacchetto Debian libreoffice-writer-nogui; `make run` lo installa). Il documento si può scaricare in Word."
            )
        }
        let admitted = pending.withLock { count in
            guard count <= Self.maximumWaiting else { return false }
            count += 1
            return true
        }
        guard admitted else {
            throw PDFConversionError(description: "troppe conversioni in PDF in corso: riprovare tra qualche istante")
        }
        defer { pending.withLock { $0 -= 1 } }
        return try lock.withLock { _ throws(PDFConversionError) -> Data in
            let budget = ExecutionBudget.current
            if let budget, budget.isExhausted {
                throw PDFConversionError(description: "la conversione in PDF non è iniziata: tempo della richiesta esaurito")
            }
            let seconds = min(timeout, budget.map { Double($0.remainingNanoseconds) / 1e9 } ?? timeout)
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("fascicolo-pdf-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: work) }
            do {
                try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
                let input = work.appendingPathComponent("documento.docx")
                try docx.write(to: input)
                let process = try ConverterProcess.start(
                    executable,
                    [
                        "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--nologo",
                        "--convert-to", "pdf", "--outdir", work.path, input.path,
                    ])
                let exitStatus = process.wait(until: Date().addingTimeInterval(seconds)) { budget?.isCancelled == true }
                guard let exitStatus else {
                    throw PDFConversionError(description: "la conversione in PDF non è terminata entro \(Int(seconds.rounded())) secondi")
                }
                let output = work.appendingPathComponent("documento.pdf")
                guard exitStatus == 0, let pdf = FileManager.default.contents(atPath: output.path), pdf.starts(with: Data("%PDF".utf8))
                else {
                    throw PDFConversionError(description: "LibreOffice non è riuscito a convertire il documento in PDF")
                }
                return pdf
            } catch let error as PDFConversionError {
                throw error
            } catch {
                throw PDFConversionError(description: "la conversione in PDF non è riuscita: impossibile preparare i file temporanei")
            }
        }
    }
}
