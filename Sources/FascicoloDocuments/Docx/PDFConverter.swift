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
public final class PDFConverter: Sendable {
    /// The `soffice` executable, or nil when LibreOffice is not installed.
    public let executable: URL?
    private let profile: URL
    private let lock = Mutex(())
    private let timeout: TimeInterval

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
        return try lock.withLock { _ throws(PDFConversionError) -> Data in
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("fascicolo-pdf-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: work) }
            do {
                try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
                try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
                let input = work.appendingPathComponent("documento.docx")
                try docx.write(to: input)
                let process = Process()
                process.executableURL = executable
                process.arguments = [
                    "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--nologo",
                    "--convert-to", "pdf", "--outdir", work.path, input.path,
                ]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                let deadline = Date().addingTimeInterval(timeout)
                while process.isRunning {
                    if Date() > deadline {
                        process.terminate()
                        // Wait for it to go, so that the next conversion finds the profile free.
                        process.waitUntilExit()
                        throw PDFConversionError(description: "la conversione in PDF non è terminata entro \(Int(timeout)) secondi")
                    }
                    Thread.sleep(forTimeInterval: 0.05)
                }
                let output = work.appendingPathComponent("documento.pdf")
                guard process.terminationStatus == 0, let pdf = FileManager.default.contents(atPath: output.path), pdf.starts(with: Data("%PDF".utf8))
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
