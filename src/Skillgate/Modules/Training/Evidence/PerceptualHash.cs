using System.Numerics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Skillgate.Modules.Training.Evidence;

/// <summary>
/// A DCT perceptual hash (pHash): the picture in greyscale averaged down to 16×16, its 8×8 lowest spatial frequencies, one bit
/// per frequency, set when its coefficient is above their median. Re-encoding, resizing and EXIF edits barely move it. A crop
/// shifts and scales the picture, so a second hash of the centre (5 % cut off each edge) is kept: a cropped copy is compared with
/// its original's centre, an original uploaded after its crop the other way round.
/// </summary>
internal static class PerceptualHash
{
    /// <summary>
    /// Distances up to this mean the same picture. Measured on ten different photographs (tests/Skillgate.Tests/Photos,
    /// PhotoSimilarityTests prints them): re-encodes at JPEG quality 60–95, 50 % resizes, EXIF edits and crops of 5 % (off every
    /// edge, or off one corner or one side) are 0–14 from their original, while different photographs are 22 or more apart.
    /// </summary>
    public const int SimilarDistance = 16;

    private const int Side = 16;
    private const int Frequencies = 8;

    private static readonly double[,] Cosines = CosineTable();

    /// <summary>The hash of the whole picture and of its centre, as PostgreSQL bigints.</summary>
    public readonly record struct Value(long Whole, long Inner);

    public static Value Of(Image<L8> picture)
    {
        var dx = picture.Width / 20;
        var dy = picture.Height / 20;
        return new Value(
            Hash(picture, new Rectangle(0, 0, picture.Width, picture.Height)),
            Hash(picture, new Rectangle(dx, dy, picture.Width - (2 * dx), picture.Height - (2 * dy))));
    }

    /// <summary>How far a new photo is from an earlier one: whole against whole, or either whole against the other's centre.</summary>
    public static int Distance(Value newer, Value earlier) =>
        Math.Min(Distance(newer.Whole, earlier.Whole), Math.Min(Distance(newer.Whole, earlier.Inner), Distance(newer.Inner, earlier.Whole)));

    public static int Distance(long a, long b) => BitOperations.PopCount((ulong)(a ^ b));

    private static long Hash(Image<L8> picture, Rectangle area)
    {
        using var small = picture.Clone(x => x.Crop(area).Resize(new ResizeOptions { Size = new Size(Side, Side), Mode = ResizeMode.Stretch, Sampler = KnownResamplers.Box }));
        var coefficients = new double[Frequencies * Frequencies];
        for (var u = 0; u < Frequencies; u++)
        {
            for (var v = 0; v < Frequencies; v++)
            {
                var sum = 0.0;
                for (var y = 0; y < Side; y++)
                {
                    for (var x = 0; x < Side; x++)
                    {
                        sum += small[x, y].PackedValue * Cosines[u, y] * Cosines[v, x];
                    }
                }

                coefficients[(u * Frequencies) + v] = sum;
            }
        }

        // The median of the varying frequencies only: the first coefficient is the mean brightness.
        var sorted = coefficients[1..].Order().ToArray();
        var median = (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
        var hash = 0UL;
        for (var i = 0; i < coefficients.Length; i++)
        {
            if (coefficients[i] > median)
            {
                hash |= 1UL << i;
            }
        }

        return unchecked((long)hash);
    }

    private static double[,] CosineTable()
    {
        var table = new double[Frequencies, Side];
        for (var u = 0; u < Frequencies; u++)
        {
            for (var i = 0; i < Side; i++)
            {
                table[u, i] = Math.Cos((2 * i + 1) * u * Math.PI / (2 * Side));
            }
        }

        return table;
    }
}
