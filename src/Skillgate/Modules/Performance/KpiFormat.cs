using System.Globalization;

namespace Skillgate.Modules.Performance;

/// <summary>How KPI numbers are printed on the pages: no trailing zeros, at most four decimals.</summary>
internal static class KpiFormat
{
    public static string Number(decimal? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";

    /// <summary>A delta with its sign: +0.1, -3, 0.</summary>
    public static string Signed(decimal value) => value.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture);
}
