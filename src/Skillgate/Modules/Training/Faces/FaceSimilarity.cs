namespace Skillgate.Modules.Training.Faces;

/// <summary>
/// How alike two face descriptors are, 0..1, computed exactly as Human's <c>match.similarity</c> (Euclidean distance, multiplier 25,
/// normalised to the 0.2..0.8 range), so the thresholds in Human's documentation mean the same here.
/// </summary>
internal static class FaceSimilarity
{
    public static double Of(float[] a, float[] b)
    {
        if (a.Length != b.Length)
        {
            return 0;
        }

        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var diff = (double)a[i] - b[i];
            sum += diff * diff;
        }

        var distance = Math.Round(100 * 25 * sum) / 100;
        if (distance == 0)
        {
            return 1;
        }

        var normalised = (1 - (Math.Sqrt(distance) / 100) - 0.2) / (0.8 - 0.2);
        return Math.Round(100 * Math.Clamp(normalised, 0, 1)) / 100;
    }
}
