using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Completions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Exams;

/// <summary>A person grades the short answers of an attempt that is awaiting grading.</summary>
internal sealed class ExamGrading(LearningDb db, AttemptResults results, CompletionRules rules, CurrentUser me, Texts t)
{
    /// <summary>A person grades the short answers of an attempt (points per question key); the result follows.</summary>
    public async Task<AttemptSummary> GradeAsync(Guid id, GradeInput input, AttemptQueries queries, CancellationToken ct)
    {
        var attempt = await db.Set<Attempt>().FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("attempt");
        if (!await queries.VisibleAsync(attempt.EmployeeId, ct))
        {
            throw new NotFoundException("attempt");
        }

        if (attempt.Status != AttemptStatus.AwaitingGrading)
        {
            throw new RuleViolationException("not_awaiting_grading", t["learning.not_awaiting_grading"]);
        }

        var items = attempt.ReadItems();
        var questions = await results.QuestionsAsync(items, ct);
        var v = new Validation();
        var graded = new List<AttemptItem>();
        foreach (var item in items)
        {
            if (questions[item.QuestionId].Kind != QuestionKind.Short)
            {
                graded.Add(item);
            }
            else if (input.Points is null || !input.Points.TryGetValue(item.Key, out var points))
            {
                v.Add("points", t["learning.points_missing", item.Key]);
            }
            else if (points < 0 || points > item.Points)
            {
                v.Add("points", t["learning.points_out_of_range", item.Key, item.Points]);
            }
            else
            {
                graded.Add(item with { Awarded = points });
            }
        }

        v.ThrowIfInvalid();
        await using var tx = await db.BeginAsync(ct);
        attempt.Score = graded.Sum(i => i.Awarded ?? 0);
        await results.FinishAsync(attempt, graded, AttemptStatus.Graded, me.Name, ct);
        await tx.CommitAsync(ct);
        await rules.AfterCommitAsync(ct);
        return await queries.SummaryAsync(id, ct);
    }
}
