using Skillgate.Modules.Performance.Contracts;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Performance.Results;

/// <summary>A closed period's results as a payroll workbook: one row per person, typed numbers for the factors, and the KPIs and rules behind them.</summary>
internal sealed class ResultExport(ResultHandler results, Periods.PeriodHandler periods, Texts t)
{
    public async Task<(byte[] Content, string FileName)> CreateAsync(Guid periodId, CancellationToken ct)
    {
        var people = await results.PeopleAsync(periodId, ct);
        var period = (await periods.GetAsync(periodId, ct)).Label;
        var content = XlsxFile.Create(t["kpi.results"], [
                t["kpi.export.employee_no"], t["kpi.export.name"], t["kpi.unit_name"], t["goal.position"], t["kpi.export.kpis"], t["kpi.result_kind.bonus_factor"],
                t["kpi.result_kind.commission"], t["kpi.result_kind.promotion"], t["kpi.export.rules"],
            ],
            people.Select(p => new object?[]
            {
                p.EmployeeNo, p.Name, p.OrgUnit, p.Position,
                string.Join("\n", p.Kpis.Select(k => $"{k.DefinitionCode} {k.DefinitionName}: {KpiFormat.Number(k.Value)} / {KpiFormat.Number(k.Target)} {Verdict(k.Met)}")),
                p.BonusFactor, p.Commission, p.Promotion,
                string.Join("\n", p.Rules.Select(r =>
                    $"{r.DefinitionCode} · {r.SubjectName} · {Verdict(r.Met)} → {t[PerformanceVocabularies.ResultKind, r.Kind]} {KpiFormat.Signed(r.Delta)}")),
            }));
        return (content, $"kpi-results-{period}.xlsx");
    }

    private string Verdict(bool? met) => met switch
    {
        true => t["kpi.met"],
        false => t["kpi.missed"],
        null => t["kpi.no_data"],
    };
}
