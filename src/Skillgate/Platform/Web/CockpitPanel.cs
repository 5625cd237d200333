namespace Skillgate.Platform.Web;

/// <summary>
/// A chart a module adds to the management cockpit (<c>/Cockpit</c>): shown, in <see cref="Order"/>, to those holding
/// <see cref="Permission"/>, with a headline, its trend as an ECharts option, and the list it drills down to. Null from
/// <see cref="LoadAsync"/> means nothing to show this caller; an absent module adds no panel.
/// </summary>
internal sealed record CockpitPanel(string Key, int Order, string Permission, string TitleTextKey, Func<IServiceProvider, CockpitWindow, CancellationToken, Task<CockpitChart?>> LoadAsync);

/// <summary>What a panel shows: the figure in words, the chart, and the list behind it.</summary>
internal sealed record CockpitChart(string Headline, string Option, string DrillUrl);

/// <summary>The months the cockpit's trends cover, oldest first, the current one last (plant-local).</summary>
internal sealed record CockpitWindow(IReadOnlyList<DateOnly> Months)
{
    public const int Length = 6;

    public DateOnly From => Months[0];

    /// <summary>The first day after the window.</summary>
    public DateOnly To => Months[^1].AddMonths(1);

    public IReadOnlyList<string> Labels => [.. Months.Select(m => m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The instants the months start at in the plant's time zone, and the one after the last month ends.</summary>
    public DateTimeOffset[] Bounds(TimeProvider clock) =>
        [.. Months.Append(To).Select(m => m.ToDateTime(TimeOnly.MinValue)).Select(d => new DateTimeOffset(d, clock.LocalTimeZone.GetUtcOffset(d)))];

    public static CockpitWindow Ending(DateOnly today)
    {
        var current = new DateOnly(today.Year, today.Month, 1);
        return new CockpitWindow([.. Enumerable.Range(0, Length).Select(i => current.AddMonths(i - Length + 1))]);
    }
}
