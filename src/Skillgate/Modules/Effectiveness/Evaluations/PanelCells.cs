namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>
/// Each panel unit's outcome numerator and denominator per period, summed as the evaluation reads them; once read, they are
/// the members' numerators and exposures as they are (not copied: a plant's are a hundred thousand rows each).
/// </summary>
internal sealed class PanelCells(int units, int periods)
{
    private readonly double[][] _numerator = Enumerable.Range(0, units).Select(_ => new double[periods]).ToArray();
    private readonly double[][] _denominator = Enumerable.Range(0, units).Select(_ => new double[periods]).ToArray();

    public void Add(int unit, int period, double numerator, double denominator)
    {
        _numerator[unit][period] += numerator;
        _denominator[unit][period] += denominator;
    }

    /// <summary>Adds a cut work array's elements to the periods they fall in; a null <paramref name="denominator"/> adds only the numerator.</summary>
    public void Add<T>(int unit, int[] periodOf, T[] numerator, T[]? denominator)
        where T : System.Numerics.INumber<T>
    {
        Spread(_numerator[unit], periodOf, numerator);
        if (denominator is not null)
        {
            Spread(_denominator[unit], periodOf, denominator);
        }
    }

    private static void Spread<T>(double[] into, int[] periodOf, T[] values)
        where T : System.Numerics.INumber<T>
    {
        for (var k = 0; k < values.Length; k++)
        {
            if (periodOf[k] >= 0)
            {
                into[periodOf[k]] += double.CreateTruncating(values[k]);
            }
        }
    }

    /// <summary>The unit's outcome per period: NaN where it had no denominator.</summary>
    public double[] Rates(int unit)
    {
        var (numerator, denominator) = (_numerator[unit], _denominator[unit]);
        var rates = new double[periods];
        for (var t = 0; t < periods; t++)
        {
            rates[t] = denominator[t] > 0 ? numerator[t] / denominator[t] : double.NaN;
        }

        return rates;
    }

    public double[] Numerator(int unit) => _numerator[unit];

    /// <summary>The unit's denominator per period (units processed, checks, batches).</summary>
    public double[] Exposure(int unit) => _denominator[unit];
}
