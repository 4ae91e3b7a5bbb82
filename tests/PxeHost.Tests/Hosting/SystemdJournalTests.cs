using PxeHost.Hosting;

namespace PxeHost.Tests.Hosting;

/// <summary>
/// Journal output is chosen only when stdout is the stream JOURNAL_STREAM names (systemd.exec(5)): a
/// program started from a service with its output redirected inherits the variable, not the stream.
/// </summary>
public sealed class SystemdJournalTests
{
    [Theory]
    [InlineData("socket:[123456]", 123456UL)]
    [InlineData("pipe:[42]", 42UL)]
    [InlineData("/dev/pts/3", null)]
    [InlineData("/var/log/pxehost.log", null)]
    [InlineData("socket:[12x]", null)]
    [InlineData(null, null)]
    public void The_inode_of_stdout_is_read_from_its_descriptor_link(string? link, ulong? inode)
    {
        Assert.Equal(inode, SystemdJournal.StreamInode(link));
    }

    [Theory]
    [InlineData("8:123456", 123456UL, true)]
    [InlineData("8:123456", 654321UL, false)]
    [InlineData("8:123456", null, false)]
    [InlineData(null, 123456UL, false)]
    [InlineData("123456", 123456UL, false)]
    [InlineData("8:x", 123456UL, false)]
    public void Only_the_stream_named_by_the_variable_is_the_journal(string? variable, ulong? inode, bool journal)
    {
        Assert.Equal(journal, SystemdJournal.Names(variable, inode));
    }

    [Fact]
    public void This_process_writing_to_no_journal_is_told_so_even_with_the_variable_inherited()
    {
        var inode = SystemdJournal.StreamInode(new FileInfo("/proc/self/fd/1").LinkTarget) ?? 1;
        Assert.False(SystemdJournal.Names($"8:{inode + 1}", inode));
        Assert.Equal(Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { } named && SystemdJournal.Names(named, inode), SystemdJournal.IsStandardOutput());
    }
}
