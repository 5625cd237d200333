namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>
/// The work rows an evaluation read (<paramref name="all"/>), those that put people in the panel (<paramref name="worked"/>),
/// and what the panel takes from them: each person's main operation, the outcomes, the lines' trained shares.
/// </summary>
internal sealed class PanelWork(List<WorkRow> all, List<WorkRow> worked, HashSet<Guid> people, HashSet<Guid> operations, IReadOnlyList<DateOnly> periods)
{
    /// <summary>PostgreSQL's order of uuids (byte by byte, as their text sorts), for ties decided as the SQL would.</summary>
    public static readonly IComparer<Guid> AsPostgres = Comparer<Guid>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));

    public IReadOnlyList<DateOnly> Periods => periods;

    public IReadOnlySet<Guid> Operations => operations;

    public IReadOnlySet<Guid> People => people;

    /// <summary>
    /// The rows that put their operator in the panel: records in the window, on an operation, in an org unit of the scope, by
    /// someone who had not completed the course before it, on the operations the trained worked (or in their workshops'
    /// units, or anywhere, as <paramref name="within"/> says).
    /// </summary>
    public static List<WorkRow> Worked(List<WorkRow> work, string within, HashSet<Guid> trained, Guid[]? workshops, Guid[] units, Guid[] before)
    {
        var inScope = units.ToHashSet();
        var excluded = before.ToHashSet();
        var allowed = within switch
        {
            "any" => null,
            "workshop" => (workshops ?? []).ToHashSet(),
            _ => work.Where(w => w.RecordCount > 0 && w.OperationId is not null && trained.Contains(w.EmployeeId)).Select(w => w.OperationId!.Value).ToHashSet(),
        };
        return work.Where(w => w.RecordCount > 0 && w.OperationId is { } operation && w.OrgUnitId is { } unit && inScope.Contains(unit)
                               && !excluded.Contains(w.EmployeeId) && (allowed is null || allowed.Contains(within == "workshop" ? unit : operation)))
            .ToList();
    }

    /// <summary>Each person's main operation: the one they worked most often in the panel's work (the lowest id on a tie).</summary>
    public Dictionary<Guid, Guid> MainOperations()
    {
        var counts = new Dictionary<(Guid Person, Guid Operation), long>();
        foreach (var w in worked)
        {
            var key = (w.EmployeeId, w.OperationId!.Value);
            counts[key] = counts.GetValueOrDefault(key) + w.RecordCount;
        }

        return counts.GroupBy(c => c.Key.Person)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.Value).ThenBy(c => c.Key.Operation, AsPostgres).First().Key.Operation);
    }

    /// <summary>
    /// Adds the outcome's numerator of each panel person's work on the panel's operations (or on none named) to their cells,
    /// and the units they were counted for when <paramref name="units"/> (else the units come from the batches).
    /// </summary>
    public void AddPersonOutcomes(Dictionary<Guid, int> index, PanelCells cells, bool units)
    {
        foreach (var w in all)
        {
            if (index.TryGetValue(w.EmployeeId, out var i) && (w.OperationId is not { } operation || operations.Contains(operation)))
            {
                cells.Add(i, w.Periods, w.Numerator, units ? w.Produced : null);
            }
        }
    }

    /// <summary>The lines the panel's work was on.</summary>
    public Guid[] Lines() => worked.Where(w => w.LineId is not null).Select(w => w.LineId!.Value).Distinct().ToArray();

    /// <summary>Per line and period, the share of the panel people working its operations there who were trained by the period's start.</summary>
    public double[,] TrainedShares(Dictionary<Guid, int> lines, Dictionary<Guid, DateOnly> trainedOn)
    {
        var operators = new int[lines.Count, periods.Count];
        var trainedOperators = new int[lines.Count, periods.Count];
        var seen = new HashSet<(int Line, int Period, Guid Person)>();
        foreach (var w in all)
        {
            if (!people.Contains(w.EmployeeId) || w.LineId is not { } line || !lines.TryGetValue(line, out var i)
                || w.OperationId is not { } operation || !operations.Contains(operation))
            {
                continue;
            }

            for (var k = 0; k < w.Records.Length; k++)
            {
                if (w.Records[k] > 0 && w.Periods[k] is var t and >= 0 && seen.Add((i, t, w.EmployeeId)))
                {
                    operators[i, t]++;
                    if (trainedOn.TryGetValue(w.EmployeeId, out var on) && on < periods[t])
                    {
                        trainedOperators[i, t]++;
                    }
                }
            }
        }

        var share = new double[lines.Count, periods.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            for (var t = 0; t < periods.Count; t++)
            {
                share[i, t] = operators[i, t] > 0 ? (double)trainedOperators[i, t] / operators[i, t] : 0;
            }
        }

        return share;
    }
}
