using Skillgate.Platform.Health;

namespace Skillgate.Platform.Pdf;

/// <summary>Starts reports in the plant's font, stamped with the clock's time; answers the health page on whether the font is there.</summary>
internal sealed class PdfReports(IConfiguration configuration, TimeProvider clock) : IHealthReporter
{
    public const string ContentType = "application/pdf";

    public PdfReport Create(string title, string footer)
    {
        PdfFonts.Ensure(PdfFonts.PathFrom(configuration));
        return new PdfReport(title, footer, clock.GetUtcNow());
    }

    public Task<HealthItem> ReportAsync(bool probe, CancellationToken ct)
    {
        var path = PdfFonts.PathFrom(configuration);
        var found = File.Exists(path);
        return Task.FromResult(new HealthItem("pdf_font", found, found ? null : new PdfFontMissingException(path).Message, clock.GetUtcNow()));
    }
}
