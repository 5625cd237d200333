using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Completions;
using Skillgate.Modules.Learning.Domain;

namespace Skillgate.Modules.Learning.Exams;

/// <summary>What grading an attempt ends with, whoever grades it (the exam itself, the clock, or a person).</summary>
internal sealed class AttemptResults(LearningDb db, CompletionRules rules, CourseCompletionService completions)
{
    /// <summary>Records the graded attempt; a pass completes the course in the same save.</summary>
    public async Task FinishAsync(Attempt attempt, List<AttemptItem> graded, string status, string gradedBy, CancellationToken ct)
    {
        var paper = (await db.PaperAsync(attempt.PaperId, ct))!;
        attempt.Status = status;
        attempt.Items = Attempt.Write(graded);
        if (status == AttemptStatus.AwaitingGrading)
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        attempt.Percent = ExamGrader.Percent(attempt.Score ?? 0, attempt.MaxScore);
        attempt.Passed = attempt.Percent >= paper.PassMark;
        attempt.GradedBy = gradedBy;
        if (attempt.Passed == true)
        {
            // Saves the graded attempt with the completion in one batch (see ICompetenceRecorder).
            await rules.TryCompleteAsync(paper.CourseId, attempt.EmployeeId, attempt.Id, ct);
            await completions.ExamPassedAsync(attempt.Id, paper.CourseId, attempt.EmployeeId, attempt.Percent.Value, ct);
        }

        await db.SaveChangesAsync(ct);
    }

    public async Task<Dictionary<Guid, Question>> QuestionsAsync(List<AttemptItem> items, CancellationToken ct)
    {
        var ids = items.Select(i => i.QuestionId).ToList();
        return await db.Set<Question>().AsNoTracking().Where(q => ids.Contains(q.Id)).ToDictionaryAsync(q => q.Id, ct);
    }
}
