using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Needs.Surveys;

/// <summary>Writing a survey: a draft can change, gain and lose questions, be sent (after a confirmation) or deleted.</summary>
[Authorize(Policy = Permissions.Surveys)]
internal sealed class EditModel(SurveyHandler surveys, IOrganizationDirectory organization, NpgsqlDataSource dataSource, Texts t) : SkillgatePage
{
    public static readonly IReadOnlyList<string> Kinds = ["choice", "multi", "scale", "text"];

    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty]
    public SurveyForm Form { get; set; } = SurveyForm.New();

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Positions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            try
            {
                var survey = await surveys.GetAsync(id, ct);
                if (survey.Status != "draft")
                {
                    return Redirect($"/Needs/Surveys/Results?id={id}");
                }

                Form = SurveyForm.From(survey);
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct) =>
        await Attempt(async () =>
        {
            var saved = await SaveAsync(ct);
            Flash(t["action.saved"]);
            return Redirect($"/Needs/Surveys/Edit?id={saved.Id}");
        }, ReloadAsync);

    public async Task<IActionResult> OnPostSendAsync(CancellationToken ct) =>
        await Attempt(async () =>
        {
            var saved = await SaveAsync(ct);
            var sent = await surveys.OpenAsync(saved.Id, saved.Version, ct);
            Flash(t["surveys.sent", sent.Invited]);
            return Redirect($"/Needs/Surveys/Results?id={sent.Id}");
        }, ReloadAsync);

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct) =>
        await Attempt(async () =>
        {
            await surveys.DeleteAsync(Id ?? Guid.Empty, ct);
            Flash(t["surveys.deleted"]);
            return Redirect("/Needs/Surveys");
        }, ReloadAsync);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        ModelState.Clear();
        Form.Questions.Add(new QuestionForm());
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int index, CancellationToken ct)
    {
        ModelState.Clear();
        if (index >= 0 && index < Form.Questions.Count)
        {
            Form.Questions.RemoveAt(index);
        }

        await LoadAsync(ct);
        return Page();
    }

    private Task<SurveyDto> SaveAsync(CancellationToken ct) =>
        Id is { } id ? surveys.UpdateAsync(id, Form.ToInput(), ct) : surveys.CreateAsync(Form.ToInput(), ct);

    private async Task<IActionResult> ReloadAsync()
    {
        await LoadAsync(HttpContext.RequestAborted);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = await organization.VisibleTreeAsync(false, ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        Positions = [.. await connection.QueryAsync<(Guid, string)>(new CommandDefinition(
            "SELECT p.id, p.name || ' · ' || u.name FROM org.position_v p JOIN org.org_unit_v u ON u.id = p.org_unit_id WHERE p.active ORDER BY u.name, p.name LIMIT 1000",
            cancellationToken: ct))];
    }

    internal sealed class SurveyForm
    {
        public string Title { get; set; } = "";
        public string? Intro { get; set; }
        public bool Anonymous { get; set; } = true;
        public List<Guid> OrgUnitIds { get; set; } = [];
        public List<Guid> PositionIds { get; set; } = [];
        public DateOnly? ClosesOn { get; set; }
        public List<QuestionForm> Questions { get; set; } = [];
        public int Version { get; set; }

        public static SurveyForm New() => new() { Questions = [new QuestionForm()] };

        public static SurveyForm From(SurveyDto s) => new()
        {
            Title = s.Title, Intro = s.Intro, Anonymous = s.Anonymous, OrgUnitIds = [.. s.OrgUnitIds], PositionIds = [.. s.PositionIds], ClosesOn = s.ClosesOn, Version = s.Version,
            Questions = [.. s.Questions.Select(q => new QuestionForm { Kind = q.Kind, Text = q.Text, Options = string.Join('\n', q.Options), Required = q.Required })],
        };

        public SurveyInput ToInput() => new(
            Title, Intro, Anonymous, OrgUnitIds, PositionIds, ClosesOn,
            [.. Questions.Select(q => new SurveyQuestionInput(q.Kind, q.Text, (q.Options ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), q.Required))],
            Version);
    }

    internal sealed class QuestionForm
    {
        public string Kind { get; set; } = "choice";
        public string Text { get; set; } = "";
        public string? Options { get; set; }
        public bool Required { get; set; } = true;
    }
}
