// The large image viewer's frame, shared by the Label page and Interpret's review: a dialog named by
// the file, its place in the list, Close, and previous/next around the image. What is said about the
// image and how to label it come as children.
import type { KeyboardEvent, ReactNode } from 'react';
import { Modal } from './Modal';
import './common.css';

export interface ImageViewerProps {
  /** The file name: the dialog's accessible name and its title. */
  name: string;
  path: string | undefined;
  /** Where the image is in its list ("3 of 40"). */
  position: ReactNode;
  className: string;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious(): void;
  onNext(): void;
  onClose(): void;
  onKeyDown(event: KeyboardEvent<HTMLDivElement>): void;
  image: ReactNode;
  children: ReactNode;
}

export function ImageViewer({
  name,
  path,
  position,
  className,
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
  onClose,
  onKeyDown,
  image,
  children,
}: ImageViewerProps) {
  return (
    <Modal label={name} className={className} initialFocus="dialog" onClose={onClose} onKeyDown={onKeyDown}>
      <div className="viewer-head">
        <h2 className="viewer-title" title={path}>
          {name}
        </h2>
        <span className="muted small-text">{position}</span>
        <span className="spacer" />
        <button type="button" className="button small" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="viewer-body">
        <button
          type="button"
          className="viewer-nav"
          aria-label="Previous image"
          disabled={!hasPrevious}
          onClick={onPrevious}
        >
          ‹
        </button>
        <div className="viewer-image">{image}</div>
        <button
          type="button"
          className="viewer-nav"
          aria-label="Next image"
          disabled={!hasNext}
          onClick={onNext}
        >
          ›
        </button>
      </div>
      {children}
    </Modal>
  );
}
