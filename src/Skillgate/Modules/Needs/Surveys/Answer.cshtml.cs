using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Needs.Surveys;

/// <summary>Answering a survey on the phone: one page of questions, a thank-you after, and nothing to answer twice.</summary>
[Authorize(Policy = Permissions.SurveyAnswer)]
internal sealed class AnswerModel(SurveyAnswers answers, TimeProvider clock, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public SurveyDto? Survey { get; private set; }

    public bool Answered { get; private set; }

    public bool Open => Survey is { Status: "open" } s && (s.ClosesOn is null || s.ClosesOn >= DateOnly.FromDateTime(clock.GetLocalNow().DateTime));

    /// <summary>What was chosen or written, kept when the page comes back with errors.</summary>
    public Dictionary<Guid, SurveyAnswerInput> Given { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(() => LoadAsync(ct));

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var given = Read();
        return await Attempt(async () =>
        {
            await answers.AnswerAsync(Id, new SurveyResponseInput(given), ct);
            Flash(t["surveys.thanks"]);
            return Redirect($"/Needs/Surveys/Answer?id={Id}");
        }, async () =>
        {
            await LoadAsync(ct);
            Given = given.ToDictionary(a => a.QuestionId);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct) => (Survey, Answered) = await answers.ForMeAsync(Id, ct);

    /// <summary>The form's fields: q-{id} holds the chosen option(s), the scale or the text.</summary>
    private List<SurveyAnswerInput> Read()
    {
        var list = new List<SurveyAnswerInput>();
        foreach (var (key, values) in Request.Form)
        {
            if (!key.StartsWith("q-", StringComparison.Ordinal) || !Guid.TryParse(key.AsSpan(2), out var question))
            {
                continue;
            }

            var kind = Request.Form[$"k-{question}"].ToString();
            var numbers = values.Select(v => int.TryParse(v, out var n) ? n : -1).ToList();
            list.Add(kind switch
            {
                "scale" => new SurveyAnswerInput(question, null, numbers.FirstOrDefault(-1) is var s and >= 0 ? s : null, null),
                "text" => new SurveyAnswerInput(question, null, null, values.ToString()),
                _ => new SurveyAnswerInput(question, numbers, null, null),
            });
        }

        return list;
    }
}
