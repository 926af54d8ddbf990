package dev.continuum.wasm.compile;

import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.PseudoInstruction;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.classfile.instruction.StackInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes clang's unrolled loops countable by the JIT. clang ends an unrolled loop with
 * {@code do { ...; i += 2; } while (i != n)}; C2 turns a loop into a counted loop (the one it
 * unrolls, strips of range checks and vectorises) only when its exit test is {@code <}/{@code >},
 * or {@code !=} with a stride of 1, so such loops run as plain loops with every bounds check kept
 * (matmul's inner loop, about 2.3x slower than counted in a Java model of it).
 *
 * <p>For an innermost loop whose back edge is Endive's {@code I32_NE; ifeq exit; poll; goto head}
 * on an induction variable updated by a constant stride other than 1 just before, this emits:
 *
 * <pre>
 *   head: body                                 (the loop as it was)
 *         if (i &lt; n) { poll; goto head }     (&gt; for a negative stride)
 *         if (i == n) goto exit
 *         poll; goto copy                       (i overshot n: != would go on)
 *   copy: body                                  (an exact copy, with its own labels)
 *         if (i != n) { poll; goto copy }       (Endive's original test)
 *         goto exit
 * </pre>
 *
 * Continuing when {@code i < n} is continuing when {@code i != n}, except when {@code i > n}: then
 * the copy carries on with the original test, so the semantics are exactly the module's, and the
 * JIT sees a loop with one back edge and an ordered exit test. The guess of which operand is the
 * induction variable only decides speed: a wrong guess leaves through the copy at once.
 *
 * <p>Only innermost loops that call no function (memory accesses and Endive's pure helpers
 * aside), of a bounded size, in methods without exception handlers are versioned: a loop around
 * calls gains little from being counted and would double in size (recursive fib, which clang
 * turns into such a loop, ran 14% slower versioned).
 */
final class LoopVersioning {
    private static final ClassDesc OPCODES = ClassDesc.of("run.endive.runtime.OpcodeImpl");
    private static final MethodTypeDesc INT_INT =
            MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_int, ConstantDescs.CD_int);
    /** Elements in one versioned loop body, at most (a copy doubles it). */
    static final int MAX_BODY_ELEMENTS = 400;

    private LoopVersioning() {}

    /**
     * {@code body} with every loop it can version expanded as above; items are the method's
     * {@link CodeElement}s and {@link Label}s to bind at that place.
     */
    static List<Object> expand(List<CodeElement> body, Supplier<Label> newLabel) {
        Map<Label, Integer> bound = new IdentityHashMap<>();
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i) instanceof LabelTarget target) {
                bound.put(target.label(), i);
            }
        }
        List<Object> out = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            int head = versionable(body, i, bound);
            if (head < 0) {
                out.add(body.get(i));
                continue;
            }
            var exit = (BranchInstruction) body.get(i + 1);
            var poll = (InvokeInstruction) body.get(i + 2);
            var back = (BranchInstruction) body.get(i + 3);
            Label again = newLabel.get();
            Label copy = newLabel.get();
            Opcode ordered = orderedTest(body, i);
            out.add(StackInstruction.of(Opcode.DUP2));
            out.add(BranchInstruction.of(ordered, again));
            out.add(BranchInstruction.of(Opcode.IF_ICMPEQ, exit.target()));
            out.add(poll);
            out.add(BranchInstruction.of(Opcode.GOTO, copy));
            out.add(again);
            out.add(StackInstruction.of(Opcode.POP2));
            out.add(poll);
            out.add(back);
            // The copy: head's own label becomes `copy`, every other label inside gets a new one.
            Map<Label, Label> renamed = new IdentityHashMap<>();
            renamed.put(back.target(), copy);
            for (int j = head + 1; j <= i + 3; j++) {
                if (body.get(j) instanceof LabelTarget target) {
                    renamed.put(target.label(), newLabel.get());
                }
            }
            out.add(copy);
            for (int j = head + 1; j <= i + 3; j++) {
                Object copied = renamed(body.get(j), renamed);
                if (copied != null) {
                    out.add(copied);
                }
            }
            i += 3;
        }
        return out;
    }

    /**
     * The index of the loop head's label when {@code body[index..index+3]} is a versionable back
     * edge, else -1.
     */
    private static int versionable(List<CodeElement> body, int index, Map<Label, Integer> bound) {
        if (index + 3 >= body.size()
                || !(body.get(index) instanceof InvokeInstruction compare)
                || compare.opcode() != Opcode.INVOKESTATIC
                || !compare.owner().asSymbol().equals(OPCODES)
                || !compare.name().equalsString("I32_NE")
                || !compare.typeSymbol().equals(INT_INT)
                || !(body.get(index + 1) instanceof BranchInstruction exit)
                || exit.opcode() != Opcode.IFEQ
                || !(body.get(index + 2) instanceof InvokeInstruction poll)
                || !poll.name().equalsString("checkInterruption")
                || !(body.get(index + 3) instanceof BranchInstruction back)
                || back.opcode() != Opcode.GOTO) {
            return -1;
        }
        Integer head = bound.get(back.target());
        if (head == null || head >= index || index - head > MAX_BODY_ELEMENTS || orderedTest(body, index) == null) {
            return -1;
        }
        for (int j = head + 1; j < index; j++) {
            CodeElement element = body.get(j);
            if (element instanceof BranchInstruction branch) {
                Integer target = bound.get(branch.target());
                if (target != null && target <= j) {
                    return -1; // a nested loop, or a second back edge
                }
            } else if (element instanceof TableSwitchInstruction || element instanceof LookupSwitchInstruction) {
                return -1;
            } else if (element instanceof InvokeInstruction call && !FlatAccessRewriter.cannotGrow(call)) {
                return -1; // a loop around calls gains little from counting and would double in size
            } else if (element instanceof PseudoInstruction && !(element instanceof LabelTarget)) {
                return -1; // exception ranges, debug information: not Endive's usual output
            }
        }
        return head;
    }

    /**
     * The branch that continues the loop for {@code a OP b} on the stack, from the induction
     * variable's update just before the comparison at {@code index}, or null when there is none
     * (or its stride is 1 or -1, which C2 handles itself).
     */
    private static Opcode orderedTest(List<CodeElement> body, int index) {
        // iv is b: ...; iload x; const c; iadd; dup; istore x; I32_NE
        Integer stride = update(body, index - 1);
        if (stride != null) {
            return stride > 0 ? Opcode.IF_ICMPGT : Opcode.IF_ICMPLT; // continue while n > i / n < i
        }
        // iv is a: iload x; const c; iadd; dup; istore x; iload n; I32_NE
        if (index >= 1 && body.get(index - 1) instanceof LoadInstruction load && load.typeKind() == TypeKind.INT) {
            stride = update(body, index - 2);
            if (stride != null) {
                return stride > 0 ? Opcode.IF_ICMPLT : Opcode.IF_ICMPGT; // continue while i < n / i > n
            }
        }
        return null;
    }

    /** The stride when {@code body[end-4..end]} is "iload x; const c; iadd; dup; istore x", |c| > 1. */
    private static Integer update(List<CodeElement> body, int end) {
        if (end < 4
                || !(body.get(end) instanceof StoreInstruction store)
                || store.typeKind() != TypeKind.INT
                || !(body.get(end - 1) instanceof StackInstruction dup)
                || dup.opcode() != Opcode.DUP
                || !(body.get(end - 2) instanceof OperatorInstruction add)
                || add.opcode() != Opcode.IADD
                || !(body.get(end - 3) instanceof ConstantInstruction constant)
                || !(constant.constantValue() instanceof Integer stride)
                || !(body.get(end - 4) instanceof LoadInstruction load)
                || load.slot() != store.slot()
                || stride == 0
                || stride == 1
                || stride == -1) {
            return null;
        }
        return stride;
    }

    /** {@code element} with its labels renamed; a Label for a binding; null to leave out. */
    private static Object renamed(CodeElement element, Map<Label, Label> renamed) {
        if (element instanceof LabelTarget target) {
            return renamed.get(target.label());
        }
        if (element instanceof BranchInstruction branch) {
            return BranchInstruction.of(branch.opcode(), renamed.getOrDefault(branch.target(), branch.target()));
        }
        if (element instanceof Instruction) {
            return element;
        }
        return null;
    }
}
