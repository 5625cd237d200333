namespace Skillgate.Platform.Web;

/// <summary>
/// Counts per month (1-based, as SQL's WITH ORDINALITY numbers the window's bounds) and group, folded into the cockpit's series:
/// one line per group and one for all of them, each point the share of hits among all; a month without any is a gap.
/// </summary>
internal static class MonthlyShares
{
    public sealed record Count(long Month, Guid Group, int All, int Hits);

    public static List<(string Name, IReadOnlyList<double?> Values)> Series(CockpitWindow window, IReadOnlyList<Count> counts, IReadOnlyList<(Guid Id, string Name)> groups, string total)
    {
        double? Share(IEnumerable<Count> cells)
        {
            var list = cells.ToList();
            var all = list.Sum(c => c.All);
            return all == 0 ? null : (double)list.Sum(c => c.Hits) / all;
        }

        var months = Enumerable.Range(1, window.Months.Count).ToList();
        var series = new List<(string, IReadOnlyList<double?>)> { (total, [.. months.Select(m => Share(counts.Where(c => c.Month == m)))]) };
        series.AddRange(groups.Select(g => (g.Name, (IReadOnlyList<double?>)[.. months.Select(m => Share(counts.Where(c => c.Month == m && c.Group == g.Id)))])));
        return series;
    }

    /// <summary>The latest month with data and its share of the total line, or null when the window holds none.</summary>
    public static (string Month, double Share)? Latest(CockpitWindow window, IReadOnlyList<double?> total)
    {
        for (var i = total.Count - 1; i >= 0; i--)
        {
            if (total[i] is { } share)
            {
                return (window.Labels[i], share);
            }
        }

        return null;
    }
}
