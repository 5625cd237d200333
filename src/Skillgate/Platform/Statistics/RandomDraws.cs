namespace Skillgate.Platform.Statistics;

/// <summary>Draws from a seeded source for generated data (the demo plant, simulations): reproducible for a given seed.</summary>
internal static class RandomDraws
{
    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A Poisson draw by multiplying uniforms (Knuth); meant for the small means of defect counts.</summary>
    public static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble())
        {
            k++;
        }

        return k;
    }
}
