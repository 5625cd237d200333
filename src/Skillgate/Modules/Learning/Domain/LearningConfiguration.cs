using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Skillgate.Modules.Learning.Domain;

internal sealed class LearningConfiguration :
    IEntityTypeConfiguration<Course>, IEntityTypeConfiguration<CourseReview>, IEntityTypeConfiguration<CourseDocument>, IEntityTypeConfiguration<CourseSkill>,
    IEntityTypeConfiguration<CourseMaterial>, IEntityTypeConfiguration<Instructor>, IEntityTypeConfiguration<InstructorCourse>, IEntityTypeConfiguration<Question>,
    IEntityTypeConfiguration<Paper>, IEntityTypeConfiguration<PaperQuestion>, IEntityTypeConfiguration<PaperRule>, IEntityTypeConfiguration<Attempt>,
    IEntityTypeConfiguration<Enrollment>, IEntityTypeConfiguration<MaterialProgress>, IEntityTypeConfiguration<Practical>, IEntityTypeConfiguration<CourseCompletion>,
    IEntityTypeConfiguration<Certificate>, IEntityTypeConfiguration<Feedback>
{
    private const string Schema = "learning";

    public void Configure(EntityTypeBuilder<Course> builder)
    {
        builder.ToTable("course", Schema);
        builder.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<CourseReview> builder)
    {
        builder.ToTable("course_review", Schema);
        builder.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId);
        builder.HasOne<Platform.Auth.ESignature>().WithMany().HasForeignKey(x => x.SignatureId);
    }

    public void Configure(EntityTypeBuilder<CourseDocument> builder)
    {
        builder.ToTable("course_document", Schema);
        builder.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId);
        builder.HasKey(x => new { x.CourseId, x.DocumentVersionId });
    }

    public void Configure(EntityTypeBuilder<CourseSkill> builder)
    {
        builder.ToTable("course_skill", Schema);
        builder.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId);
        builder.HasKey(x => new { x.CourseId, x.SkillId });
    }

    public void Configure(EntityTypeBuilder<CourseMaterial> builder)
    {
        builder.ToTable("course_material", Schema);
        builder.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId);
        builder.HasOne<Platform.Files.StoredFile>().WithMany().HasForeignKey(x => x.FileId);
    }

    public void Configure(EntityTypeBuilder<Instructor> builder)
    {
        builder.ToTable("instructor", Schema);
        builder.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<InstructorCourse> builder)
    {
        builder.ToTable("instructor_course", Schema);
        builder.HasOne<Instructor>().WithMany().HasForeignKey(x => x.InstructorId);
        builder.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId);
        builder.HasKey(x => new { x.InstructorId, x.CourseId });
    }

    public void Configure(EntityTypeBuilder<Question> builder)
    {
        builder.ToTable("question", Schema);
        builder.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId);
        builder.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<Paper> builder)
    {
        builder.ToTable("paper", Schema);
        builder.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId);
        builder.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<PaperQuestion> builder)
    {
        builder.ToTable("paper_question", Schema);
        builder.HasOne<Paper>().WithMany().HasForeignKey(x => x.PaperId);
        builder.HasOne<Question>().WithMany().HasForeignKey(x => x.QuestionId);
        builder.HasKey(x => new { x.PaperId, x.QuestionId });
    }

    public void Configure(EntityTypeBuilder<PaperRule> builder)
    {
        builder.ToTable("paper_rule", Schema);
        builder.HasOne<Paper>().WithMany().HasForeignKey(x => x.PaperId);
    }

    public void Configure(EntityTypeBuilder<Attempt> builder)
    {
        builder.ToTable("attempt", Schema);
        builder.HasOne<Paper>().WithMany().HasForeignKey(x => x.PaperId);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.Property(x => x.Items).HasColumnType("jsonb");
        builder.Property(x => x.Answers).HasColumnType("jsonb");
    }

    public void Configure(EntityTypeBuilder<Enrollment> builder)
    {
        builder.ToTable("enrollment", Schema);
        builder.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId);
        builder.HasOne<CourseMaterial>().WithMany().HasForeignKey(x => x.LastMaterialId);
        builder.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<MaterialProgress> builder)
    {
        builder.ToTable("material_progress", Schema);
        builder.HasOne<Enrollment>().WithMany().HasForeignKey(x => x.EnrollmentId);
        builder.HasOne<CourseMaterial>().WithMany().HasForeignKey(x => x.MaterialId);
        builder.HasKey(x => new { x.EnrollmentId, x.MaterialId });
    }

    public void Configure(EntityTypeBuilder<Practical> builder)
    {
        builder.ToTable("practical", Schema);
        builder.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId);
        builder.HasOne<Platform.Auth.ESignature>().WithMany().HasForeignKey(x => x.SignatureId);
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.Ignore(x => x.Step);
    }

    public void Configure(EntityTypeBuilder<CourseCompletion> builder)
    {
        builder.ToTable("course_completion", Schema);
        builder.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId);
        builder.HasOne<Attempt>().WithMany().HasForeignKey(x => x.AttemptId);
        builder.HasOne<Practical>().WithMany().HasForeignKey(x => x.PracticalId);
        builder.HasOne<Platform.Files.StoredFile>().WithMany().HasForeignKey(x => x.EvidenceFileId);
    }

    public void Configure(EntityTypeBuilder<Certificate> builder)
    {
        builder.ToTable("certificate", Schema);
        builder.HasOne<CourseCompletion>().WithMany().HasForeignKey(x => x.CompletionId);
        builder.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId);
    }

    public void Configure(EntityTypeBuilder<Feedback> builder)
    {
        builder.ToTable("feedback", Schema);
        builder.HasOne<Course>().WithMany().HasForeignKey(x => x.CourseId);
        builder.HasOne<Instructor>().WithMany().HasForeignKey(x => x.InstructorId);
    }
}
