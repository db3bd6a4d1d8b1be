package dev.hokan.store.restore;

import dev.hokan.store.FileProblem;
import dev.hokan.store.tree.Node;
import java.io.IOException;
import java.util.Collection;
import java.util.Optional;

/** A sink that passes everything to the sink it wraps; a subclass changes what it overrides. */
abstract class ForwardingSink<P> implements RestoreSink<P> {
    final RestoreSink<P> sink;

    ForwardingSink(RestoreSink<P> sink) {
        this.sink = sink;
    }

    @Override
    public P open(boolean whole) throws IOException {
        return sink.open(whole);
    }

    @Override
    public P reopen(boolean whole) throws IOException {
        return sink.reopen(whole);
    }

    @Override
    public boolean holds(P place, Node node, long size) throws IOException {
        return sink.holds(place, node, size);
    }

    @Override
    public P child(P directory, String name) {
        return sink.child(directory, name);
    }

    @Override
    public String relative(P place) {
        return sink.relative(place);
    }

    @Override
    public void directory(P place) throws IOException {
        sink.directory(place);
    }

    @Override
    public void symlink(P place, Node node) throws IOException {
        sink.symlink(place, node);
    }

    @Override
    public void special(P place, Node node) throws IOException {
        sink.special(place, node);
    }

    @Override
    public ContentWriter file(P place, long size) throws IOException {
        return sink.file(place, size);
    }

    @Override
    public void link(P place, P first) throws IOException {
        sink.link(place, first);
    }

    @Override
    public void metadata(P place, Node node) throws IOException {
        sink.metadata(place, node);
    }

    @Override
    public Collection<FileProblem> problems() {
        return sink.problems();
    }

    @Override
    public Optional<String> outcome() {
        return sink.outcome();
    }

    @Override
    public void ended() {
        sink.ended();
    }

    @Override
    public void close() throws IOException {
        sink.close();
    }
}
