using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Skillgate.Modules.Training.Evidence;

/// <summary>
/// Decodes an uploaded JPEG or PNG (in greyscale, all the hash needs) and hashes it. The header is read first, so a picture of
/// more pixels than allowed (a decompression bomb, or more than any camera takes) is refused before anything is decoded.
/// </summary>
internal static class PhotoPicture
{
    private static readonly Configuration Formats = new(new JpegConfigurationModule(), new PngConfigurationModule());

    /// <summary>The hash, or the text key of why the picture is refused.</summary>
    public static (PerceptualHash.Value? Hash, string? Refusal) Read(Stream content, long maxPixels)
    {
        try
        {
            var info = Image.Identify(Formats, content);
            if (info is null)
            {
                return (null, "photos.undecodable");
            }

            if ((long)info.Width * info.Height > maxPixels)
            {
                return (null, "photos.too_many_pixels");
            }

            content.Position = 0;
            using var picture = Image.Load<L8>(Formats, content);
            picture.Mutate(x => x.AutoOrient());
            return (PerceptualHash.Of(picture), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, "photos.undecodable");
        }
    }
}
