using QRCoder;

namespace Skillgate.Platform.Web;

/// <summary>Renders a QR code as inline SVG (no image request, nothing to cache): certificates and check-in screens.</summary>
internal static class QrSvg
{
    public static string Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }
}
