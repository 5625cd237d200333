using System.Diagnostics;

namespace Skillgate.Tests.Infrastructure;

/// <summary>The text of a PDF as Debian's <c>pdftotext</c> (poppler-utils) reads it: what a reader's tools find in the file.</summary>
public static class PdfText
{
    /// <summary>
    /// The text with every space and line break taken out: a report wraps long lines wherever they reach the margin (between
    /// any two Chinese characters), so tests compare what is written, not where it breaks.
    /// </summary>
    public static async Task<string> FlatAsync(byte[] pdf) => Flat(await ExtractAsync(pdf));

    public static string Flat(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    public static async Task<string> ExtractAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), "skillgate-" + Guid.NewGuid().ToString("N") + ".pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", file, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start (apt-get install poppler-utils)");
            var text = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 ? text : throw new InvalidOperationException($"pdftotext failed ({process.ExitCode}): {error}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
