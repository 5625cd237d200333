using System.Globalization;
using Skillgate.Modules.Learning.Completions;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Pdf;

namespace Skillgate.Modules.Learning.Certificates;

/// <summary>The certificate as an A4 PDF to file or print: who completed which course, its number and validity, and the QR code of its public verification page.</summary>
internal sealed class CertificatePdf(CertificateQueries certificates, PdfReports reports, Texts t)
{
    public async Task<(byte[] Content, string FileName)> RenderAsync(Guid id, bool canReadOthers, string publicUrl, CancellationToken ct)
    {
        var c = await certificates.GetAsync(id, canReadOthers, ct);
        var verify = $"{publicUrl}/verify/{Uri.EscapeDataString(c.Number)}";
        using var pdf = reports.Create($"{t["certificates.heading"]} {c.Number}", $"Skillgate · {c.Number}");
        pdf.Space(70).Title(t["certificates.heading"], "Skillgate").Space(24)
            .Paragraph(t["certificates.text", c.EmployeeName, c.CourseTitle]).Space(12)
            .Facts(
            [
                (t["certificates.number"], c.Number),
                (t["certificates.issued_on"], c.IssuedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                (t["certificates.valid_until"], c.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? t["certificates.no_expiry"]),
            ]);
        if (c.Revoked)
        {
            pdf.Heading(t["certificates.revoked"]);
        }

        pdf.Space(24).Qr(verify, 120, $"{t["certificates.scan"]}\n{verify}");
        return (pdf.Save(), $"certificate-{c.Number}.pdf");
    }
}
