using QRCoder;

namespace Skillgate.Modules.Learning.Completions;

/// <summary>Renders a QR code as inline SVG (no image request, nothing to cache).</summary>
internal static class QrCode
{
    public static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }
}
