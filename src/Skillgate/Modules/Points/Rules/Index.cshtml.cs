using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Rules;

/// <summary>The earning rules for everyone to read; HR sets a rule for a unit or position, edits the defaults, and removes unit or position rules.</summary>
[Authorize(Policy = Permissions.PointsSelf)]
internal sealed class IndexModel(RuleHandler rules) : SkillgatePage
{
    public IReadOnlyList<PointsRuleDto> Rules { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name, int Depth)> Units { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Positions { get; private set; } = [];

    public bool CanEdit { get; private set; }

    [BindProperty]
    public RuleForm Form { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        ChangeAsync(Permissions.PointsConfigure, async () => await rules.SaveAsync(Form.ToInput(), ct), "/Points/Rules", () => LoadAsync(ct));

    public Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(Permissions.PointsConfigure, () => rules.DeleteAsync(id, ct), "/Points/Rules", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Rules = await rules.ListAsync(ct);
        CanEdit = await CanAsync(Permissions.PointsConfigure);
        if (CanEdit)
        {
            (Units, Positions) = await rules.OptionsAsync(ct);
        }
    }

    public static string TiersText(IReadOnlyList<ExamTier>? tiers) =>
        tiers is null ? "" : string.Join(", ", tiers.Select(x => $"{x.Min.ToString("0.##", CultureInfo.InvariantCulture)}:{x.Points}"));

    internal sealed class RuleForm
    {
        public string? Code { get; set; }

        public Guid? OrgUnitId { get; set; }

        public Guid? PositionId { get; set; }

        public int? Points { get; set; }

        public int? MinPoints { get; set; }

        public int? MaxPoints { get; set; }

        /// <summary>Exam tiers as "100:20, 90:15, 80:10" (score from : points).</summary>
        public string? Tiers { get; set; }

        public int? DailyCap { get; set; }

        public int? MonthlyCap { get; set; }

        public int? SessionCap { get; set; }

        public bool Active { get; set; } = true;

        public PointsRuleInput ToInput() =>
            new(Code, OrgUnitId, PositionId, Points, MinPoints, MaxPoints, ParseTiers(Tiers), DailyCap, MonthlyCap, SessionCap, Active);

        private static List<ExamTier>? ParseTiers(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var tiers = new List<ExamTier>();
            foreach (var part in text.Split([',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var pair = part.Split([':', '：'], StringSplitOptions.TrimEntries);
                if (pair.Length != 2 || !decimal.TryParse(pair[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var min) ||
                    !int.TryParse(pair[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var points))
                {
                    return [new ExamTier(-1, -1)];
                }

                tiers.Add(new ExamTier(min, points));
            }

            return tiers;
        }
    }
}
